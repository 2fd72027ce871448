using System.Globalization;
using Cronos;

namespace BackupExporter.Configuration;

/// <summary>Reads a set's <c>restore_test</c> block (docs/configuration.md, "Restore drills"). Nothing on disk is looked at.</summary>
internal static class RestoreTestConfigReader
{
    public static readonly string[] Keys =
    [
        "schedule", "timeout", "scratch_dir", "max_disk", "rto", "check_tables", "max_shrink", "checks", "replay_binlogs",
        "memory_limit",
    ];

    public static readonly string[] CheckKeys = ["sql", "min", "max"];

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(2);
    public const string DefaultScratchDirectory = "/var/tmp/backup-exporter";
    public const double DefaultMaxShrink = 0.5;

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal) { ["true"] = true, ["false"] = false };

    /// <returns>the block, or null when the set has none (or it is not a mapping, reported)</returns>
    public static RestoreTestConfig? Read(MappingReader set, string setContext, BackupKind kind,
        string baseDirectory, ErrorCollector errors)
    {
        if (!set.Has("restore_test")) return null;
        if (kind.IsHistoryTable())
        {
            set.Error(set.KeyNode("restore_test")!, "restore_test",
                $"a {kind.Word()} set has no artifact to restore (its backups are rows of {kind.HistoryTable()}); remove restore_test here "
                    + $"and set it on a set that holds the backup files");
            return null;
        }
        var node = set.Mapping("restore_test", "a mapping (schedule, timeout, scratch_dir, ...)");
        if (node is null)
            return new RestoreTestConfig();

        var reader = new MappingReader(node, setContext + ": restore_test", Keys, errors);
        var (schedule, scheduleText) = ReadSchedule(reader);
        var scratch = reader.Path("scratch_dir", baseDirectory) ?? DefaultScratchDirectory;
        // The fallbacks pass the checks below: a value already reported is not reported twice.
        long? maxDisk = reader.Has("max_disk") ? reader.Size("max_disk", 1) : null;
        if (maxDisk is 0 && reader.Value("max_disk") is ScalarNode maxDiskNode)
            reader.Error(maxDiskNode, "max_disk", "must be more than 0");
        TimeSpan? rto = reader.Has("rto") ? reader.Duration("rto", TimeSpan.Zero, mustBePositive: true) : null;
        TimeSpan? replay = reader.Has("replay_binlogs") ? reader.Duration("replay_binlogs", TimeSpan.Zero, mustBePositive: true) : null;
        long? memory = reader.Has("memory_limit") ? reader.Size("memory_limit", MinMemory) : null;
        if (memory is { } m && m < MinMemory && reader.Value("memory_limit") is ScalarNode memoryNode)
            reader.Error(memoryNode, "memory_limit", $"\"{memoryNode.Value}\" is too small for a MariaDB/MySQL server; use at "
                + $"least {ByteSizeParser.FormatHuman(MinMemory)}");

        return new RestoreTestConfig
        {
            Schedule = schedule,
            ScheduleText = scheduleText,
            Timeout = reader.Duration("timeout", DefaultTimeout, mustBePositive: true, timer: true),
            ScratchDirectory = scratch,
            MaxDiskBytes = maxDisk,
            Rto = rto,
            CheckTables = reader.Choice("check_tables", Booleans, "true or false") ?? true,
            MaxShrink = ReadMaxShrink(reader),
            Checks = ReadChecks(reader, setContext, errors),
            ReplayBinlogs = replay,
            MemoryLimitBytes = memory,
        };
    }

    /// <summary>
    /// The least <c>memory_limit</c> (an address-space cap) a MariaDB 10.11 sandbox starts under: it maps about 620 MiB before its buffer
    /// pool.
    /// </summary>
    public const long MinMemory = 1L << 30;

    /// <summary>
    /// Reports every set whose <c>scratch_dir</c> lies inside some set's backup directory: a drill writes there, and
    /// the exporter never writes into a backup directory (nor would the set's inspection want to see sandboxes).
    /// </summary>
    public static void CheckScratchDirectories(IReadOnlyList<BackupSetConfig> sets,
        IReadOnlyDictionary<string, TreeNode> scratchNodes, ErrorCollector errors)
    {
        foreach (var set in sets)
        {
            if (set.RestoreTest is not { } drill || !scratchNodes.TryGetValue(set.Name, out var at)) continue;
            foreach (var other in sets)
            {
                if (other.Kind.IsHistoryTable() || other.Path.Length == 0) continue;
                if (IsInside(drill.ScratchDirectory, other.Path))
                {
                    errors.Add(at, $"backups \"{set.Name}\": restore_test: scratch_dir: {drill.ScratchDirectory} is inside the backup "
                        + $"directory {other.Path} of set \"{other.Name}\"; a drill writes its sandbox there, so choose a directory "
                        + $"outside every backup directory (e.g. {DefaultScratchDirectory})");
                    break;
                }
            }
        }
    }

    private static bool IsInside(string path, string directory)
    {
        var p = Path.TrimEndingDirectorySeparator(path) + "/";
        var d = Path.TrimEndingDirectorySeparator(directory) + "/";
        return p.StartsWith(d, StringComparison.Ordinal);
    }

    private static (CronExpression? Schedule, string? Text) ReadSchedule(MappingReader reader)
    {
        var scalar = reader.TextNode("schedule", "a cron expression (e.g. \"30 4 * * *\" or @daily)");
        if (scalar is null) return (null, null);
        var text = scalar.Value.Trim();
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (!text.StartsWith('@') && fields != 5)
        {
            reader.Error(scalar, "schedule", $"\"{text}\" has {fields} fields; a cron expression has 5: minute hour day-of-month month "
                + $"day-of-week (or use a macro such as @daily)");
            return (null, text);
        }
        try
        {
            return (CronExpression.Parse(text, CronFormat.Standard), text);
        }
        catch (CronFormatException ex)
        {
            reader.Error(scalar, "schedule", $"\"{text}\" is not a valid cron expression: {ex.Message}");
            return (null, text);
        }
    }

    private static double ReadMaxShrink(MappingReader reader)
    {
        var scalar = reader.Scalar("max_shrink", $"a percentage or a fraction (e.g. {FractionParser.Examples})");
        if (scalar is null) return DefaultMaxShrink;
        if (FractionParser.TryParse(scalar.Value, out var fraction, out var problem)) return fraction;
        reader.Error(scalar, "max_shrink", problem);
        return DefaultMaxShrink;
    }

    private static List<RestoreCheck> ReadChecks(MappingReader reader, string setContext, ErrorCollector errors)
    {
        var checks = new List<RestoreCheck>();
        var items = reader.Sequence("checks", "a list of queries (- sql: \"SELECT COUNT(*) FROM shop.orders\", min: 1)");
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is BrokenNode) continue;
            if (items[index] is not MappingNode node)
            {
                reader.Error(items[index], "checks", $"[{index}]: expected a mapping (sql, min, max), got {items[index].Describe()}");
                continue;
            }
            var check = new MappingReader(node, $"{setContext}: restore_test: checks[{index}]", CheckKeys, errors);
            var sql = check.RequiredTextNode("sql", "a query that returns one value", "the query to run on the restored copy, e.g. SELECT "
                + "COUNT(*) FROM shop.orders");
            var min = Number(check, "min");
            var max = Number(check, "max");
            if (!check.Has("min") && !check.Has("max"))
                check.Error(node, "give min, max or both: the bounds the query's value must lie within");
            else if (min is { } lo && max is { } hi && lo > hi)
                check.Error(check.KeyNode("max")!, "max", $"{hi.ToString(CultureInfo.InvariantCulture)} is less than "
                    + $"min {lo.ToString(CultureInfo.InvariantCulture)}");
            if (sql is not null)
                checks.Add(new RestoreCheck(sql.Value, min, max));
        }
        return checks;
    }

    private static double? Number(MappingReader reader, string key)
    {
        var scalar = reader.Scalar(key, "a number");
        if (scalar is null) return null;
        if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        reader.Error(scalar, key, $"\"{scalar.Value}\" is not a number");
        return null;
    }
}
