using Cronos;

namespace BackupExporter.Configuration;

/// <summary>Reads <c>backups</c>: the backup sets to inspect. Nothing on disk is looked at here.</summary>
internal static class BackupSetConfigReader
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(1);

    public static readonly string[] Keys =
    [
        "name", "server", "kind", "path", "pattern", "schedule", "timezone", "grace", "checksum",
        "min_size", "max_shrink", "log", "run_status", "interval", "timeout", "settle_time", "restore_test", "offsite", "rpo", "rto",
        "retention",
        ReverifyConfigReader.Key,
    ];

    private static readonly Dictionary<string, ChecksumMode> ChecksumModes = new(StringComparer.Ordinal)
    {
        ["auto"] = ChecksumMode.Auto,
        ["none"] = ChecksumMode.None,
        ["md5"] = ChecksumMode.Md5,
        ["sha256"] = ChecksumMode.Sha256,
    };


    private const string CronFormatPrefix = "The given cron expression has an invalid format. ";

    public static IReadOnlyList<BackupSetConfig> ReadAll(
        MappingReader top, GlobalConfig global, string baseDirectory, NameRegistry serverNames, ErrorCollector errors)
    {
        var names = new NameRegistry("backups", "backup");
        var backups = new List<BackupSetConfig>();
        var scratchNodes = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        var items = top.Sequence("backups", "a list of backup sets (- name: ...)");
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is BrokenNode) continue;
            if (items[index] is not MappingNode node)
            {
                errors.Add(items[index], $"backups[{index}]: expected a mapping (name, kind, path, ...), got {items[index].Describe()}");
                continue;
            }
            var set = Read(node, index, global, baseDirectory, names, serverNames, errors);
            backups.Add(set);
            if (ScratchNode(node) is { } scratch)
                scratchNodes.TryAdd(set.Name, scratch);
        }
        RestoreTestConfigReader.CheckScratchDirectories(backups, scratchNodes, errors);
        return backups;
    }

    private static BackupSetConfig Read(
        MappingNode node, int index, GlobalConfig global, string baseDirectory, NameRegistry names,
            NameRegistry serverNames, ErrorCollector errors)
    {
        var reader = new MappingReader(node, names.Context(node, index), Keys, errors);
        var name = names.Read(reader, index);
        var server = ReadServer(reader, serverNames);
        var kind = ReadKind(reader);

        var path = reader.Path("path", baseDirectory, "; put the directory in path and the file name pattern in pattern");
        var history = kind.IsHistoryTable();
        if (history && !reader.Has("server"))
            reader.Missing("server", $"the server whose {kind.HistoryTable()} table lists the backups");
        else if (!history && !reader.Has("path"))
            reader.Missing("path", "the directory that holds the artifacts");

        var (schedule, scheduleText) = ReadSchedule(reader);
        var maxShrink = ReadMaxShrink(reader);
        var restoreTest = RestoreTestConfigReader.Read(reader, names.Context(node, index), kind, baseDirectory, errors);

        return new BackupSetConfig
        {
            Name = name,
            Server = server,
            Kind = kind,
            Path = path ?? "",
            Pattern = ReadPattern(reader, kind),
            Schedule = schedule,
            ScheduleText = scheduleText,
            TimeZone = ReadTimeZone(reader),
            Grace = reader.Duration("grace", DefaultGrace, mustBePositive: false),
            Checksum = reader.Choice("checksum", ChecksumModes, "a checksum mode") ?? ChecksumMode.Auto,
            MinSizeBytes = reader.Size("min_size", 0),
            MaxShrink = maxShrink,
            Log = reader.Path("log", baseDirectory),
            Interval = reader.Duration("interval", global.Interval, mustBePositive: true, timer: true),
            Timeout = reader.Duration("timeout", global.Timeout, mustBePositive: true, timer: true),
            SettleTime = reader.Duration("settle_time", global.SettleTime, mustBePositive: false),
            RunStatus = reader.Path("run_status", baseDirectory),
            RestoreTest = restoreTest,
            Rpo = GlobalConfigReader.Objective(reader, "rpo") ?? global.Rpo,
            Rto = ReadRto(reader, restoreTest, names.Context(node, index), errors) ?? global.Rto,
            Offsite = OffsiteConfigReader.Read(reader, kind, names.Context(node, index), baseDirectory, errors),
            Retention = RetentionConfigReader.Read(reader, names.Context(node, index), errors),
            Reverify = ReadReverify(reader, names.Context(node, index), kind, global, errors),
        };
    }

    /// <summary>The set's <c>reverify</c>, else global's; a history-table kind has no files to read again.</summary>
    private static ReverifyConfig? ReadReverify(MappingReader reader, string context, BackupKind kind, GlobalConfig global,
        ErrorCollector errors)
    {
        if (!kind.IsHistoryTable())
            return ReverifyConfigReader.Read(reader, context, global.Reverify, errors);
        if (reader.KeyNode(ReverifyConfigReader.Key) is { } key)
            reader.Error(key, ReverifyConfigReader.Key, $"kind {kind.Word()} lists backups in a server table: there are no files to "
                + "read again (remove reverify)");
        return null;
    }

    /// <summary>
    /// The set's <c>rto</c>; the older <c>restore_test.rto</c> still counts where the set gives none, with a warning that
    /// says where the key moved.
    /// </summary>
    private static TimeSpan? ReadRto(MappingReader reader, RestoreTestConfig? restoreTest, string context, ErrorCollector errors)
    {
        var own = GlobalConfigReader.Objective(reader, "rto");
        if (restoreTest?.Rto is not { } old)
            return own;
        var at = reader.Value("restore_test") is MappingNode block
            ? block.Entries.FirstOrDefault(e => e.Key is ScalarNode { Value: "rto" })?.Key
            : null;
        if (at is not null)
            errors.Warn(at, own is null
                ? $"{context}: restore_test: rto is deprecated; move it up to the set as rto: {DurationParser.Format(old)} "
                    + "(the set's recovery-time objective)"
                : $"{context}: restore_test: rto is deprecated and ignored: the set's rto ({DurationParser.Format(own.Value)}) applies");
        return own ?? old;
    }

    /// <summary>Where a scratch_dir problem is reported: the value of restore_test.scratch_dir, else the restore_test key.</summary>
    private static TreeNode? ScratchNode(MappingNode set)
    {
        var block = set.Entries.FirstOrDefault(e => e.Key is ScalarNode { Value: "restore_test" });
        if (block is null) return null;
        if (block.Value is MappingNode drill
            && drill.Entries.FirstOrDefault(e => e.Key is ScalarNode { Value: "scratch_dir" }) is { } scratch)
            return scratch.Value;
        return block.Key;
    }

    private static string? ReadServer(MappingReader reader, NameRegistry serverNames)
    {
        var scalar = reader.Scalar("server", "the name of a server from servers");
        if (scalar is null) return null;
        if (serverNames.Contains(scalar.Value)) return scalar.Value;
        reader.Error(scalar, serverNames.Names.Count == 0
            ? $"server \"{scalar.Value}\" is not configured (there are no servers; add it under servers or remove this key)"
            : $"server \"{scalar.Value}\" is not configured under servers{DidYouMean.Hint(scalar.Value, serverNames.Names)}");
        return null;
    }

    private static BackupKind ReadKind(MappingReader reader)
    {
        var supported = string.Join(", ", BackupKinds.Words);
        var at = reader.RequiredTextNode("kind", "a backup kind", $"supported: {supported}");
        if (at is null) return BackupKind.Mysqldump;
        var text = at.Value;
        var kind = BackupKinds.Parse(text);
        if (kind is null)
            reader.Error(at, $"kind \"{text}\" is not a backup kind (supported: {supported}){DidYouMean.Hint(text, BackupKinds.Words)}");
        return kind?.Kind ?? BackupKind.Mysqldump;
    }

    private static GlobPattern ReadPattern(MappingReader reader, BackupKind kind)
    {
        var scalar = reader.Scalar("pattern", "a file name pattern (e.g. \"*.sql.gz\")");
        if (scalar is not null)
        {
            if (GlobPattern.TryParse(scalar.Value, out var pattern, out var error)) return pattern!;
            reader.Error(scalar, error!); // the message already names the pattern
        }
        var fallback = kind.Describe().DefaultPattern;
        return GlobPattern.TryParse(fallback, out var byKind, out _) ? byKind!
            : throw new InvalidOperationException($"bad default pattern {fallback}");
    }

    private static (CronExpression? Schedule, string? Text) ReadSchedule(MappingReader reader)
    {
        var scalar = reader.TextNode("schedule", "a cron expression (e.g. \"0 2 * * *\" or @daily)");
        if (scalar is null) return (null, null);
        var text = scalar.Value;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (!text.TrimStart().StartsWith('@') && fields != 5)
        {
            reader.Error(scalar, "schedule", $"\"{text}\" has {fields} fields; a cron expression has 5: minute hour day-of-month month "
                + $"day-of-week (or use a macro such as @daily)");
            return (null, text);
        }
        try
        {
            return (CronExpression.Parse(text.Trim(), CronFormat.Standard), text);
        }
        catch (CronFormatException ex)
        {
            var reason = ex.Message.StartsWith(CronFormatPrefix, StringComparison.Ordinal)
                ? ex.Message[CronFormatPrefix.Length..] : ex.Message;
            reader.Error(scalar, "schedule", $"\"{text}\" is not a valid cron expression: {reason}");
            return (null, text);
        }
    }

    private static TimeZoneInfo ReadTimeZone(MappingReader reader)
    {
        var scalar = reader.TextNode("timezone", "an IANA time zone name (e.g. Europe/Berlin or UTC)");
        if (scalar is null) return TimeZoneInfo.Local;
        var text = scalar.Value;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(text);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            var known = TimeZoneInfo.GetSystemTimeZones().Select(zone => zone.Id);
            reader.Error(scalar, "timezone",
                $"\"{text}\" is not a known time zone (use an IANA name such as Europe/Berlin or UTC){DidYouMean.Hint(text, known)}");
            return TimeZoneInfo.Local;
        }
    }

    private static double? ReadMaxShrink(MappingReader reader)
    {
        var scalar = reader.Scalar("max_shrink", $"a percentage or a fraction (e.g. {FractionParser.Examples})");
        if (scalar is null) return null;
        if (FractionParser.TryParse(scalar.Value, out var fraction, out var problem)) return fraction;
        reader.Error(scalar, "max_shrink", problem);
        return null;
    }
}
