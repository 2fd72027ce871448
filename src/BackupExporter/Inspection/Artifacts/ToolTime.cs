using System.Globalization;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// The timestamps backup tools write into their own files (a dump's footer, xtrabackup_info, mydumper's metadata,
/// MySQL Shell's @.json): <c>yyyy-MM-dd HH:mm:ss</c> in the local time of the machine that ran them, read in the set's
/// time zone. mysqldump pads the hour with a space (<c>2026-11-25  2:21:05</c>): runs of spaces count as one and the
/// hour may have one digit.
/// </summary>
internal static class ToolTime
{
    private static readonly string[] Formats = ["yyyy-MM-dd H:mm:ss", "yyyy-MM-dd H:mm:ss.FFFFFF"];

    public static DateTimeOffset? Parse(string? text, TimeZoneInfo zone)
    {
        if (text is null)
            return null;
        var words = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return DateTime.TryParseExact(words, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, zone.GetUtcOffset(local))
            : null;
    }
}
