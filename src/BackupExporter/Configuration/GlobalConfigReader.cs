namespace BackupExporter.Configuration;

/// <summary>Reads <c>global</c>: the defaults that servers and backup sets inherit.</summary>
internal static class GlobalConfigReader
{
    public static readonly string[] Keys = ["interval", "timeout", "settle_time", "state_file", "state_group", "runbook_url",
        ReverifyConfigReader.Key, "rpo", "rto"];

    public static GlobalConfig Read(MappingReader top, string baseDirectory, ErrorCollector errors)
    {
        var defaults = GlobalConfig.Default;
        var node = top.Mapping("global", "a mapping (interval, timeout, settle_time, state_file, state_group, runbook_url, reverify)");
        if (node is null) return defaults;
        var reader = new MappingReader(node, "global", Keys, errors);
        return new GlobalConfig(
            reader.Duration("interval", defaults.Interval, mustBePositive: true, timer: true),
            reader.Duration("timeout", defaults.Timeout, mustBePositive: true, timer: true),
            reader.Duration("settle_time", defaults.SettleTime, mustBePositive: false),
            reader.Path("state_file", baseDirectory),
            StateGroup(reader))
        {
            RunbookUrl = RunbookUrl(reader),
            Reverify = ReverifyConfigReader.Read(reader, "global", null, errors),
            Rpo = Objective(reader, "rpo"),
            Rto = Objective(reader, "rto"),
        };
    }

    /// <summary>An objective (<c>rpo</c>, <c>rto</c>): a positive duration, or null when the key is absent.</summary>
    public static TimeSpan? Objective(MappingReader reader, string key)
    {
        if (!reader.Has(key))
            return null;
        var value = reader.Duration(key, TimeSpan.Zero, mustBePositive: true); // a reported mistake falls back to zero
        return value > TimeSpan.Zero ? value : null;
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

    /// <summary>Where the status page links each reason to: an http(s) address of docs/runbooks.md, without a section.</summary>
    private static string? RunbookUrl(MappingReader reader)
    {
        const string expected = "the http or https address of docs/runbooks.md, e.g. "
            + "https://wiki.example.com/backup-exporter/runbooks.html";
        var node = reader.TextNode("runbook_url", expected);
        if (node is null)
            return null;
        if (!Uri.TryCreate(node.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            reader.Error(node, "runbook_url", $"\"{node.Value}\" is not {expected}");
        else if (uri.Fragment.Length > 0)
            reader.Error(node, "runbook_url", $"\"{node.Value}\" has a section (#...); give the document's address, "
                + $"each reason adds its own section");
        else
            return node.Value;
        return null;
    }
}
