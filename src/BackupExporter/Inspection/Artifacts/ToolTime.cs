using System.Globalization;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// The timestamps backup tools write into their own files (xtrabackup_info, mydumper's metadata, MySQL Shell's
/// @.json): <c>yyyy-MM-dd HH:mm:ss</c> in the local time of the machine that ran them, read in the set's time zone.
/// </summary>
internal static class ToolTime
{
    public static DateTimeOffset? Parse(string? text, TimeZoneInfo zone) =>
        text is not null && DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, zone.GetUtcOffset(local))
            : null;
}
