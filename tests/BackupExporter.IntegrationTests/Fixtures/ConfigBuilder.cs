using System.Text;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>The backup kinds, each written as its configuration word (<see cref="ConfigBuilder.Word"/>).</summary>
public enum SetKind { Mysqldump, Mydumper, Mysqlsh, Xtrabackup, Mariabackup, Meb, XtrabackupHistory }

/// <summary>
/// Writes the exporter's configuration for a test: <c>global</c>, <c>servers</c>, <c>backups</c> of every kind and
/// <c>logs</c>, keys in the order given, values quoted where YAML needs it. Nothing is added that the test does not
/// set, except through <see cref="Fast"/>, the short intervals most tests want.
/// </summary>
public sealed class ConfigBuilder
{
    private readonly GlobalEntry _global = new();
    private readonly List<ServerEntry> _servers = [];
    private readonly List<BackupEntry> _backups = [];
    private readonly List<LogEntry> _logs = [];

    /// <summary>Inspections every second, 30 s timeout, no settle time: verdicts come as soon as the test makes a file.</summary>
    public static ConfigBuilder Fast() => new ConfigBuilder().Global(g => g.Interval("1s").Timeout("30s").SettleTime("0s"));

    public static string Word(SetKind kind) => kind switch
    {
        SetKind.Mysqldump => "mysqldump",
        SetKind.Mydumper => "mydumper",
        SetKind.Mysqlsh => "mysqlsh",
        SetKind.Xtrabackup => "xtrabackup",
        SetKind.Mariabackup => "mariabackup",
        SetKind.Meb => "meb",
        SetKind.XtrabackupHistory => "xtrabackup_history",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public ConfigBuilder Global(Action<GlobalEntry> fill)
    {
        fill(_global);
        return this;
    }

    public ConfigBuilder Server(string name, Action<ServerEntry> fill)
    {
        var server = new ServerEntry().Set("name", name);
        fill(server);
        _servers.Add(server);
        return this;
    }

    /// <summary>A running test server, reached over its socket as root.</summary>
    public ConfigBuilder Server(MariaDbServer server, string name = "db", Action<ServerEntry>? fill = null) =>
        Server(name, s =>
        {
            s.Socket(server.SocketPath).User("root");
            fill?.Invoke(s);
        });

    /// <summary>A backup set; <paramref name="path"/> is null for the kinds that read a server's history table.</summary>
    public ConfigBuilder Backup(string name, SetKind kind, string? path, Action<BackupEntry>? fill = null)
    {
        var set = new BackupEntry().Set("name", name).Set("kind", Word(kind));
        if (path is not null)
            set.Set("path", path);
        fill?.Invoke(set);
        _backups.Add(set);
        return this;
    }

    /// <summary>A log source outside any set: cron and run logs of a set, error logs of a server.</summary>
    public ConfigBuilder Log(string path, string kind, Action<LogEntry>? fill = null)
    {
        var log = new LogEntry().Set("path", path).Set("kind", kind);
        fill?.Invoke(log);
        _logs.Add(log);
        return this;
    }

    public string ToYaml()
    {
        var yaml = new StringBuilder();
        if (!_global.IsEmpty)
        {
            yaml.Append("global:\n");
            _global.WriteTo(yaml, 2);
        }
        List("servers", _servers);
        List("backups", _backups);
        List("logs", _logs);
        return yaml.ToString();

        void List<T>(string key, List<T> entries) where T : YamlMapping<T>
        {
            if (entries.Count == 0)
                return;
            yaml.Append(key).Append(":\n");
            foreach (var entry in entries)
                entry.WriteTo(yaml, 4, "  - ");
        }
    }

    /// <summary>Writes the configuration to <paramref name="path"/> and returns the path.</summary>
    public string WriteTo(string path)
    {
        File.WriteAllText(path, ToYaml());
        return path;
    }

    public async Task<string> WriteToAsync(string path)
    {
        await File.WriteAllTextAsync(path, ToYaml());
        return path;
    }
}

public sealed class GlobalEntry : YamlMapping<GlobalEntry>
{
    public GlobalEntry Interval(string duration) => Set("interval", duration);
    public GlobalEntry Timeout(string duration) => Set("timeout", duration);
    public GlobalEntry SettleTime(string duration) => Set("settle_time", duration);
    public GlobalEntry StateFile(string path) => Set("state_file", path);
    public GlobalEntry StateGroup(string group) => Set("state_group", group);
    public GlobalEntry RunbookUrl(string url) => Set("runbook_url", url);
}

public sealed class ServerEntry : YamlMapping<ServerEntry>
{
    public ServerEntry Socket(string path) => Set("socket", path);
    public ServerEntry Host(string host, int port) => Set("host", host).Set("port", port);
    public ServerEntry User(string user) => Set("user", user);
    public ServerEntry PasswordFile(string path) => Set("password_file", path);
    public ServerEntry MyCnf(string path) => Set("my_cnf", path);
    public ServerEntry BinlogDirectory(string path) => Set("binlog_directory", path);
    public ServerEntry ErrorLog(string path) => Set("error_log", path);
    public ServerEntry Tls(string mode, string? caFile = null) => caFile is null ? Set("tls_mode", mode) : Set("tls_mode", mode)
        .Set("tls_ca_file", caFile);
}

public sealed class BackupEntry : YamlMapping<BackupEntry>
{
    public BackupEntry Server(string name) => Set("server", name);
    public BackupEntry Pattern(string glob) => Set("pattern", glob);
    public BackupEntry Schedule(string cron, string? grace = null) => grace is null ? Set("schedule", cron)
        : Set("schedule", cron).Set("grace", grace);
    public BackupEntry Timezone(string zone) => Set("timezone", zone);
    public BackupEntry Checksum(string algorithm) => Set("checksum", algorithm);
    public BackupEntry MinSize(string size) => Set("min_size", size);
    public BackupEntry MaxShrink(string fraction) => Set("max_shrink", fraction);
    public BackupEntry Log(string path) => Set("log", path);
    public BackupEntry RunStatus(string path) => Set("run_status", path);
    public BackupEntry Interval(string duration) => Set("interval", duration);
    public BackupEntry SettleTime(string duration) => Set("settle_time", duration);

    /// <summary>The set's <c>restore_test</c> block, whatever keys the drills read.</summary>
    public BackupEntry RestoreTest(Action<YamlBlock> fill) => Block("restore_test", fill);

    /// <summary>One more remote in the set's <c>offsite</c> list.</summary>
    public BackupEntry Offsite(Action<YamlBlock> fill) => Item("offsite", fill);

    /// <summary>The set's <c>retention</c> promise.</summary>
    public BackupEntry Retention(Action<YamlBlock> fill) => Block("retention", fill);
}

public sealed class LogEntry : YamlMapping<LogEntry>
{
    public LogEntry Backup(string name) => Set("backup", name);
    public LogEntry Server(string name) => Set("server", name);
    public LogEntry Match(string text) => Set("match", text);
}
