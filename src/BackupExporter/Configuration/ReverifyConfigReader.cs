namespace BackupExporter.Configuration;

/// <summary>
/// Reads <c>reverify</c>, in <c>global</c> (the default of every set) or in a set: a mapping <c>{period, max_rate}</c>, or
/// <c>off</c>. Off unless configured: it reads every retained byte again each period, which only the site can size
/// against its disks.
/// </summary>
internal static class ReverifyConfigReader
{
    public const string Key = "reverify";

    private static readonly string[] Keys = ["period", "max_rate"];

    private const string Expected = "a mapping {period: 7d, max_rate: 50MiB/s}, or off";

    /// <param name="context">where the owner is, for messages: <c>global</c> or <c>backups[1] "nightly"</c></param>
    /// <param name="inherited">the default: global's for a set, null (off) for global</param>
    public static ReverifyConfig? Read(MappingReader owner, string context, ReverifyConfig? inherited, ErrorCollector errors)
    {
        var value = owner.Value(Key);
        if (value is null)
            return inherited;
        if (value is ScalarNode { IsNull: false } scalar)
        {
            if (scalar.Value is "off" or "false")
                return null;
            owner.Error(scalar, Key, $"\"{scalar.Value}\" is not {Expected}");
            return inherited;
        }
        var node = owner.Mapping(Key, Expected);
        if (node is null)
            return inherited;
        var reader = new MappingReader(node, $"{context}: {Key}", Keys, errors);
        var defaults = inherited ?? new ReverifyConfig(ReverifyConfig.DefaultPeriod, ReverifyConfig.DefaultMaxBytesPerSecond);
        var period = reader.Duration("period", defaults.Period, mustBePositive: true);
        if (period < MinimumPeriod && reader.Value("period") is { } at)
        {
            reader.Error(at, "period", $"{DurationParser.Format(period)} is shorter than {DurationParser.Format(MinimumPeriod)}: "
                + "every retained byte would be read again almost at once");
            period = defaults.Period;
        }
        return new ReverifyConfig(period, MaxRate(reader, defaults.MaxBytesPerSecond));
    }

    /// <summary>Short periods are for tests and small sets; shorter than this, re-reading is not a rotation any more.</summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromSeconds(10);

    /// <summary>A size per second: <c>50MiB/s</c>. The unit is required, so that a rate is never mistaken for a size.</summary>
    private static long MaxRate(MappingReader reader, long fallback)
    {
        var scalar = reader.Scalar("max_rate", "a byte rate (e.g. 50MiB/s)");
        if (scalar is null)
            return fallback;
        var text = scalar.Value.Trim();
        if (!text.EndsWith("/s", StringComparison.Ordinal))
        {
            reader.Error(scalar, "max_rate", $"\"{scalar.Value}\" has no \"/s\": a rate is a size per second, e.g. 50MiB/s");
            return fallback;
        }
        if (!ByteSizeParser.TryParse(text[..^2].TrimEnd(), out var bytes, out var problem))
        {
            reader.Error(scalar, "max_rate", problem + " per second (e.g. 50MiB/s)");
            return fallback;
        }
        if (bytes < MinimumRate)
        {
            reader.Error(scalar, "max_rate", $"\"{scalar.Value}\" is less than {ByteSizeParser.Format(MinimumRate)}/s");
            return fallback;
        }
        return bytes;
    }

    /// <summary>Below this a single large artifact would take longer than any sensible period.</summary>
    public const long MinimumRate = 64 * 1024;
}
