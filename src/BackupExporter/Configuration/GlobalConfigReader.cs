namespace BackupExporter.Configuration;

/// <summary>Reads <c>global</c>: the defaults that servers and backup sets inherit.</summary>
internal static class GlobalConfigReader
{
    public static readonly string[] Keys = ["interval", "timeout", "settle_time", "state_file"];

    public static GlobalConfig Read(MappingReader top, string baseDirectory, ErrorCollector errors)
    {
        var defaults = GlobalConfig.Default;
        var node = top.Mapping("global", "a mapping (interval, timeout, settle_time, state_file)");
        if (node is null) return defaults;
        var reader = new MappingReader(node, "global", Keys, errors);
        return new GlobalConfig(
            reader.Duration("interval", defaults.Interval, mustBePositive: true),
            reader.Duration("timeout", defaults.Timeout, mustBePositive: true),
            reader.Duration("settle_time", defaults.SettleTime, mustBePositive: false),
            reader.Path("state_file", baseDirectory));
    }
}
