namespace BackupExporter.Configuration;

/// <summary>Reads <c>global</c>: the defaults that servers and backup sets inherit.</summary>
internal static class GlobalConfigReader
{
    public static readonly string[] Keys = ["interval", "timeout", "settle_time", "state_file", "state_group"];

    public static GlobalConfig Read(MappingReader top, string baseDirectory, ErrorCollector errors)
    {
        var defaults = GlobalConfig.Default;
        var node = top.Mapping("global", "a mapping (interval, timeout, settle_time, state_file, state_group)");
        if (node is null) return defaults;
        var reader = new MappingReader(node, "global", Keys, errors);
        return new GlobalConfig(
            reader.Duration("interval", defaults.Interval, mustBePositive: true),
            reader.Duration("timeout", defaults.Timeout, mustBePositive: true),
            reader.Duration("settle_time", defaults.SettleTime, mustBePositive: false),
            reader.Path("state_file", baseDirectory),
            StateGroup(reader));
    }

    /// <summary>A group that must exist here: a typo would otherwise surface only when a backup writes its status.</summary>
    private static string? StateGroup(MappingReader reader)
    {
        if (reader.TextNode("state_group", "a group name") is not { } node)
            return null;
        if (!OperatingSystem.IsWindows() && Platform.StateAccess.GroupId(node.Value) is null)
        {
            reader.Error(node, "state_group", $"no group named \"{node.Value}\" on this machine (getent group {node.Value})");
            return null;
        }
        return node.Value;
    }
}
