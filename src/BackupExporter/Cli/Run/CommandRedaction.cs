using System.Text.RegularExpressions;

namespace BackupExporter.Cli.Run;

/// <summary>
/// The command as recorded in the status file, without passwords: <c>--password=…</c>, <c>-p…</c> (the MySQL
/// clients' attached form), also inside a <c>sh -c '...'</c> script.
/// </summary>
internal static class CommandRedaction
{
    // A value ends at a space; inside a script it may be quoted: -p's3cret', --password="s3cret".
    private static readonly Regex Secret = new(
        @"(?<=^|\s|['""])(--password=|-p|--ssl-key-password=|PASSWORD=|MYSQL_PWD=)(?!-)('[^']*'|""[^""]*""|[^\s'""])+",
        RegexOptions.CultureInvariant);

    public static IReadOnlyList<string> Redact(IReadOnlyList<string> command) =>
        command.Select(a => Secret.Replace(a, m => m.Groups[1].Value + "***")).ToList();
}
