namespace BackupExporter.Configuration;

/// <summary>
/// Reads <c>logs</c>: logs to follow beyond each set's <c>log</c> and each server's <c>error_log</c> (cron logs, a
/// second job log), and puts all of them in one list in which every path appears once.
/// </summary>
internal static class LogConfigReader
{
    public static readonly string[] Keys = ["path", "kind", "backup", "server", "match", "interval"];

    private const string KindWords = "mysqldump, xtrabackup, mariabackup, cron, mysql_error, run";

    public static IReadOnlyList<LogConfig> ReadAll(MappingReader top, GlobalConfig global, string baseDirectory,
        IReadOnlyList<ServerConfig> servers, IReadOnlyList<BackupSetConfig> backups, ErrorCollector errors)
    {
        var logs = new List<LogConfig>();
        var origin = new Dictionary<string, string>(StringComparer.Ordinal); // path → where it was configured
        var sources = new HashSet<(string, string)>();                        // (backup, source): one series each

        void Add(LogConfig log, string where, TreeNode at)
        {
            if (origin.TryGetValue(log.Path, out var first))
            {
                errors.Add(at, $"{where}: log {log.Path} is already followed for {first}; a log is read once (its "
                    + $"lines would count twice)");
                return;
            }
            if (log.Backup is { } backup && !sources.Add((backup, log.Source)))
            {
                errors.Add(at, $"{where}: backup set \"{backup}\" already has a {log.Source} log; give each set one log of each kind");
                return;
            }
            if (log.Backup is null && log.Server is { } server && !sources.Add(("server " + server, log.Source)))
            {
                errors.Add(at, $"{where}: server \"{server}\" already has an error log (its error_log or another "
                    + $"entry); give each server one");
                return;
            }
            origin[log.Path] = where;
            logs.Add(log);
        }

        var backupsNode = top.KeyNode("backups") ?? top.Node;
        foreach (var set in backups.Where(b => b.Log is not null))
            Add(new LogConfig(set.Log!, LogKinds.ForBackup(set.Kind), set.Name, null, null, set.Interval, set.TimeZone),
                $"backups \"{set.Name}\" log", backupsNode);
        var serversNode = top.KeyNode("servers") ?? top.Node;
        foreach (var server in servers.Where(s => s.ErrorLog is not null))
            Add(new LogConfig(server.ErrorLog!, LogKind.MysqlError, null, server.Name, null, server.Interval, TimeZoneInfo.Local),
                $"servers \"{server.Name}\" error_log", serversNode);

        var items = top.Sequence("logs", "a list of logs (- path: ..., kind: ...)");
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is BrokenNode) continue;
            if (items[index] is not MappingNode node)
            {
                errors.Add(items[index], $"logs[{index}]: expected a mapping (path, kind, backup, ...), got {items[index].Describe()}");
                continue;
            }
            if (Read(node, index, global, baseDirectory, servers, backups, errors) is { } log)
                Add(log, $"logs[{index}]", node);
        }
        return logs;
    }

    private static LogConfig? Read(MappingNode node, int index, GlobalConfig global, string baseDirectory,
        IReadOnlyList<ServerConfig> servers, IReadOnlyList<BackupSetConfig> backups, ErrorCollector errors)
    {
        var reader = new MappingReader(node, $"logs[{index}]", Keys, errors);
        var path = reader.Path("path", baseDirectory);
        if (!reader.Has("path"))
            reader.Missing("path", "the log file to follow");

        LogKind? kind = null;
        if (reader.RequiredTextNode("kind", "a log kind", $"one of {KindWords}") is { } kindNode)
        {
            kind = LogKinds.Parse(kindNode.Value);
            if (kind is null)
                reader.Error(kindNode, $"kind \"{kindNode.Value}\" is not a log kind (use {KindWords})"
                    + $"{DidYouMean.Hint(kindNode.Value, KindWords.Split(", "))}");
        }

        var backup = Reference(reader, "backup", backups.Select(b => b.Name).ToList(), "backup set", "backups");
        var server = Reference(reader, "server", servers.Select(s => s.Name).ToList(), "server", "servers");
        var match = reader.Text("match", "the part of the job's command that identifies it in the cron log");
        if (kind == LogKind.MysqlError && !reader.Has("server"))
            reader.Missing("server", "the server whose error log this is");
        if (kind is not null and not LogKind.MysqlError && !reader.Has("backup"))
            reader.Missing("backup", "the backup set whose job writes this log");
        if (kind == LogKind.Cron && !reader.Has("match"))
            reader.Missing("match", "a part of the job's command line as cron logs it, e.g. the script name");

        var set = backups.FirstOrDefault(b => b.Name == backup);
        var interval = reader.Duration("interval", set?.Interval ?? global.Interval, mustBePositive: true, timer: true);
        return path is null || kind is null ? null
            : new LogConfig(path, kind.Value, backup, server, match, interval, set?.TimeZone ?? TimeZoneInfo.Local);
    }

    private static string? Reference(MappingReader reader, string key, IReadOnlyList<string> names, string noun, string section)
    {
        var scalar = reader.TextNode(key, $"the name of a {noun} from {section}");
        if (scalar is null) return null;
        if (names.Contains(scalar.Value)) return scalar.Value;
        reader.Error(scalar, $"{noun} \"{scalar.Value}\" is not configured under {section}{DidYouMean.Hint(scalar.Value, names)}");
        return null;
    }
}
