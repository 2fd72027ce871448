namespace BackupExporter.Configuration;

/// <summary>
/// Reads a set's <c>offsite</c> list: the rclone remotes that should hold a copy of each artifact. Nothing is
/// contacted here; the rclone configuration file's permissions are checked by the inspection, as password files are.
/// </summary>
internal static class OffsiteConfigReader
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan DefaultMaxLag = TimeSpan.FromHours(6);
    public const long DefaultDownloadLimit = 1L << 30;

    public static readonly string[] Keys = ["name", "remote", "rclone_config", "interval", "timeout", "max_lag",
        "verify", "download_limit"];

    private static readonly Dictionary<string, OffsiteVerify> VerifyModes = new(StringComparer.Ordinal)
    {
        ["size"] = OffsiteVerify.Size,
        ["hash"] = OffsiteVerify.Hash,
        ["download"] = OffsiteVerify.Download,
    };

    public static IReadOnlyList<OffsiteConfig> Read(MappingReader set, BackupKind kind, string setContext,
        string baseDirectory, ErrorCollector errors)
    {
        if (kind.IsHistoryTable() && set.KeyNode("offsite") is { } key)
        {
            set.Error(key, "offsite", $"kind {kind.Word()} lists backups from a table on the server, not files the exporter could compare "
                + $"with a remote; remove offsite");
            return [];
        }
        var items = set.Sequence("offsite", "a list of remotes (- name: ..., remote: ...)");
        var names = new NameRegistry($"{setContext}: offsite", "remote");
        var remotes = new List<OffsiteConfig>();
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is BrokenNode) continue;
            if (items[index] is not MappingNode node)
            {
                errors.Add(items[index], $"{setContext}: offsite[{index}]: expected a mapping (name, remote, ...), "
                    + $"got {items[index].Describe()}");
                continue;
            }
            remotes.Add(ReadOne(node, index, names, baseDirectory, errors));
        }
        return remotes;
    }

    private static OffsiteConfig ReadOne(MappingNode node, int index, NameRegistry names, string baseDirectory, ErrorCollector errors)
    {
        var reader = new MappingReader(node, names.Context(node, index), Keys, errors);
        var name = names.Read(reader, index);
        var remote = reader.RequiredTextNode("remote", "an rclone remote and path (e.g. \"s3eu:company-backups/shop\")",
            "the rclone remote and path that holds the copies, e.g. s3eu:company-backups/shop")?.Value ?? "";
        var verify = reader.Choice("verify", VerifyModes, "a verification mode") ?? OffsiteVerify.Size;
        long? limit = null;
        if (reader.Has("download_limit"))
        {
            limit = reader.Size("download_limit", DefaultDownloadLimit);
            if (verify != OffsiteVerify.Download)
                reader.Error(reader.KeyNode("download_limit")!, "download_limit", "only applies with verify: download (add it, "
                    + "or remove download_limit)");
            else if (limit <= 0)
                reader.Error(reader.Value("download_limit")!, "download_limit", "must be more than 0");
        }
        else if (verify == OffsiteVerify.Download)
            limit = DefaultDownloadLimit;

        return new OffsiteConfig
        {
            Name = name,
            Remote = remote,
            RcloneConfig = reader.Path("rclone_config", baseDirectory),
            Interval = reader.Duration("interval", DefaultInterval, mustBePositive: true, timer: true),
            Timeout = reader.Duration("timeout", DefaultTimeout, mustBePositive: true, timer: true),
            MaxLag = reader.Duration("max_lag", DefaultMaxLag, mustBePositive: true),
            Verify = verify,
            DownloadLimitBytes = limit,
        };
    }
}
