namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>The configurations many tests start from, written with <see cref="ConfigBuilder"/>.</summary>
public static class TestConfig
{
    /// <summary>
    /// <see cref="ConfigBuilder.Fast"/> (with <paramref name="interval"/>) and one mysqldump set per entry of
    /// <paramref name="sets"/>, each with the keys its <c>Fill</c> sets, written to <paramref name="path"/>.
    /// </summary>
    public static string Write(string path, IEnumerable<(string Name, string Directory, Action<BackupEntry>? Fill)> sets,
        string interval = "1s")
    {
        var builder = ConfigBuilder.Fast().Global(g => g.Interval(interval));
        foreach (var (name, directory, fill) in sets)
            builder.Backup(name, SetKind.Mysqldump, directory, fill);
        return builder.WriteTo(path);
    }

    /// <summary>
    /// Watches <paramref name="server"/> as server "db" over its socket as root, inspecting every second: the test adds
    /// its backup sets. <paramref name="global"/> and <paramref name="serverKeys"/> set further keys of those two mappings.
    /// </summary>
    public static ConfigBuilder WithServerDb(MariaDbServer server, string settleTime = "0s", Action<GlobalEntry>? global = null,
        Action<ServerEntry>? serverKeys = null) =>
        new ConfigBuilder()
            .Global(g =>
            {
                g.Interval("1s").SettleTime(settleTime);
                global?.Invoke(g);
            })
            .Server(server, "db", serverKeys);

    /// <summary>
    /// The configuration most server tests start from, written to <paramref name="configPath"/>: <see cref="WithServerDb"/>
    /// and one backup set, "nightly", linked to "db", in <paramref name="dumps"/> (made here) holding one real gzip
    /// dump of the shop, <paramref name="dumpName"/>, last modified <paramref name="age"/> ago.
    /// </summary>
    public static async Task<string> WriteNightlyWithServerDbAsync(MariaDbServer server, string configPath, string dumps, string dumpName,
        TimeSpan age, Action<GlobalEntry>? global = null, Action<ServerEntry>? serverKeys = null)
    {
        Directory.CreateDirectory(dumps);
        await DumpMaker.DumpAsync(server, Path.Combine(dumps, dumpName), modified: DateTimeOffset.UtcNow - age);
        return await WithServerDb(server, global: global, serverKeys: serverKeys)
            .Backup("nightly", SetKind.Mysqldump, dumps, b => b.Server("db"))
            .WriteToAsync(configPath);
    }
}
