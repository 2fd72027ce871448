using System.Text;
using System.Text.RegularExpressions;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>Reads the facts of a dump from the beginning and the end of its SQL text (formats in REFERENCE.md).</summary>
internal static partial class MysqldumpText
{
    private const string FooterPrefix = "-- Dump completed";

    public static ArtifactFacts Parse(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        // Dumps may hold any bytes; invalid UTF-8 becomes U+FFFD and cannot break the parse.
        var headText = Encoding.UTF8.GetString(head);
        var (completed, completedAt) = Footer(Encoding.UTF8.GetString(tail));

        var coordinates = Coordinates().Match(headText);
        var gtid = MariaDbGtid().Match(headText) is { Success: true } m ? m.Groups["gtid"].Value
            : MySqlGtid().Match(headText) is { Success: true } g ? Regex.Replace(g.Groups["gtid"].Value, @"\s+", "")
            : null;
        return new ArtifactFacts(
            completed,
            completedAt,
            DumpTool().Match(headText) is { Success: true } tool ? tool.Groups["tool"].Value.Trim() : null,
            ServerVersion().Match(headText) is { Success: true } version ? version.Groups["version"].Value.Trim() : null,
            coordinates.Success ? coordinates.Groups["file"].Value : null,
            coordinates.Success && long.TryParse(coordinates.Groups["pos"].ValueSpan, out var position) ? position : null,
            string.IsNullOrEmpty(gtid) ? null : gtid);
    }

    /// <summary>
    /// Whether the text starts as mysqldump and mariadb-dump start a dump: their header line (<c>-- MariaDB dump</c>,
    /// <c>-- MySQL dump</c>), after the sandbox-mode comment of recent MariaDB releases; or, with <c>--xml</c>, the XML
    /// declaration and the <c>&lt;mysqldump</c> element. A footer alone does not make a dump.
    /// </summary>
    public static bool StartsWithHeader(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        var lines = text.Split('\n', 4);
        var first = lines[0].TrimEnd('\r');
        if (first.StartsWith("/*M!999999", StringComparison.Ordinal) && lines.Length > 1)
            first = lines[1].TrimEnd('\r');
        if (first.StartsWith("-- MariaDB dump ", StringComparison.Ordinal) || first.StartsWith("-- MySQL dump ", StringComparison.Ordinal))
            return true;
        return first.StartsWith("<?xml", StringComparison.Ordinal) && text.Contains("<mysqldump", StringComparison.Ordinal);
    }

    private static (bool Completed, string? At) Footer(string tail)
    {
        var lines = tail.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            return (false, null);
        var last = lines[^1];
        if (last.StartsWith(FooterPrefix, StringComparison.Ordinal))
        {
            var rest = last[FooterPrefix.Length..].Trim();
            return (true, rest.StartsWith("on ", StringComparison.Ordinal) ? rest[3..].Trim() : null);
        }
        return (last == "</mysqldump>", null); // --xml dumps end with their closing element instead
    }

    [GeneratedRegex(@"(?:MASTER|SOURCE)_LOG_FILE='(?<file>[^']+)',\s*(?:MASTER|SOURCE)_LOG_POS=(?<pos>\d+)")]
    private static partial Regex Coordinates();

    [GeneratedRegex(@"^-- (?<tool>(?:MariaDB|MySQL) dump [^\r\n]*?)(?:, for [^\r\n]*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex DumpTool();

    [GeneratedRegex(@"^-- Server version\s+(?<version>[^\r\n]+)", RegexOptions.Multiline)]
    private static partial Regex ServerVersion();

    [GeneratedRegex(@"gtid_slave_pos\s*=\s*'(?<gtid>[^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex MariaDbGtid();

    [GeneratedRegex(@"GTID_PURGED\s*=\s*(?:/\*!80000 '\+'\*/\s*)?'(?<gtid>[^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex MySqlGtid();
}
