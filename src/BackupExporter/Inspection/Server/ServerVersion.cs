using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupExporter.Inspection.Server;

/// <summary>
/// The server's flavor and version, from <c>VERSION()</c> and <c>@@version_comment</c>, and the statements that
/// differ between versions. MySQL 8.4 (and MariaDB 10.5 and older) lack a variable the other has; asking for a
/// missing one is an error, so the statement is chosen from the version.
/// </summary>
internal sealed partial record ServerVersion(string Flavor, int Major, int Minor, int Patch)
{
    public const string MariaDb = "mariadb";
    public const string MySql = "mysql";

    /// <returns>null when the version string does not start with major.minor.patch</returns>
    public static ServerVersion? Parse(string version, string? comment)
    {
        // MariaDB 10.x once reported "5.5.5-10.x" to old clients through the protocol; VERSION() itself does not.
        var m = Numbers().Match(version.StartsWith("5.5.5-", StringComparison.Ordinal) ? version[6..] : version);
        return m.Success
            ? new ServerVersion(FlavorOf(version, comment), Int(m, "major"), Int(m, "minor"), Int(m, "patch"))
            : null;
    }

    /// <summary>Known even when the numbers are not: MariaDB names itself in its version or its comment.</summary>
    public static string FlavorOf(string version, string? comment) =>
        version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) || (comment ?? "")
            .Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? MariaDb : MySql;

    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary>
    /// The binlog retention variables this version has. MariaDB 10.6+ has both (mirrored); older MariaDB only the
    /// days. MySQL 8.0 and 8.1 have both (seconds preferred); 8.2+ dropped <c>expire_logs_days</c>; 5.7 has only the days.
    /// </summary>
    public IReadOnlyList<string> RetentionVariables => Flavor == MariaDb
        ? AtLeast(10, 6) ? ["binlog_expire_logs_seconds", "expire_logs_days"] : ["expire_logs_days"]
        : AtLeast(8, 2) ? ["binlog_expire_logs_seconds"]
        : AtLeast(8, 0) ? ["binlog_expire_logs_seconds", "expire_logs_days"] : ["expire_logs_days"];

    /// <summary>
    /// One SELECT of the retention variables: ~10 µs on the server, where SHOW GLOBAL VARIABLES WHERE ... builds every
    /// variable (~200-500 µs, bench/server-cost.sh).
    /// </summary>
    public string RetentionQuery => "SELECT " + string.Join(", ", RetentionVariables.Select(v => $"@@GLOBAL.{v} AS {v}"));

    public override string ToString() => $"{Flavor} {Major}.{Minor}.{Patch}";

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)")]
    private static partial Regex Numbers();
}
