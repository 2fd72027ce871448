using System.Globalization;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A dump made by the real mariadb-dump as if on a past day: the tool runs under <c>faketime</c> (libfaketime), so its
/// own footer (<c>-- Dump completed on ...</c>) records that day, and the file's time is set to the same moment, as a
/// nightly job of that day would have left it. Throws with the tool's stderr when faketime or the dump fails.
/// </summary>
public static class PastDump
{
    public static string Faketime => ProcessRunner.FindExecutable("faketime")
        ?? throw new InvalidOperationException("faketime is not installed: apt-get install faketime");

    /// <param name="at">when the dump finished, as its footer and file time will say (UTC)</param>
    public static async Task<string> DumpAsync(MariaDbServer server, string path, DateTimeOffset at, string databases = "--databases shop")
    {
        var clock = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var arguments = string.Join(' ', databases.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ProcessRunner.Quote));
        await ProcessRunner.ShellAsync($"TZ=UTC {ProcessRunner.Quote(Faketime)} -f {ProcessRunner.Quote("@" + clock)} "
            + $"{ProcessRunner.Quote(server.DumpToolPath)} {server.ClientArguments} --single-transaction {arguments} | gzip -c "
            + $"> {ProcessRunner.Quote(path)}");
        var footer = await ProcessRunner.ShellAsync($"zcat {ProcessRunner.Quote(path)} | tail -n 1");
        Assert.Contains("-- Dump completed on " + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), footer,
            StringComparison.Ordinal);
        Damage.SetModified(path, at);
        return path;
    }
}
