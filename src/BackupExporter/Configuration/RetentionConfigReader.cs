namespace BackupExporter.Configuration;

/// <summary>Reads a set's <c>retention</c> block (docs/configuration.md, "Retention"). Nothing on disk is looked at.</summary>
internal static class RetentionConfigReader
{
    public static readonly string[] Keys = ["min_good", "window"];

    /// <summary>The longest window: a year and a bit, so that a day count and a list of days stay small.</summary>
    public const int MaxWindowDays = 400;

    /// <returns>the promise, or null when the set makes none (or the block is not a mapping, reported)</returns>
    public static RetentionConfig? Read(MappingReader set, string setContext, ErrorCollector errors)
    {
        if (!set.Has("retention"))
            return null;
        var node = set.Mapping("retention", "a mapping (min_good: 7, window: 7d)");
        if (node is null)
            return null;
        var reader = new MappingReader(node, setContext + ": retention", Keys, errors);
        if (!reader.Has("min_good") && !reader.Has("window"))
            reader.Missing("window", "how many days back every day must be restorable, e.g. 7d; and/or min_good");
        var minGood = reader.Integer("min_good", 0, 100_000, 0, "a whole number of artifacts from 0 to 100000");
        var window = reader.Duration("window", TimeSpan.Zero, mustBePositive: false);
        var days = 0;
        if (window > TimeSpan.Zero && reader.Value("window") is ScalarNode windowNode)
        {
            if (window.Ticks % TimeSpan.TicksPerDay != 0)
                reader.Error(windowNode, "window", $"\"{windowNode.Value}\" is not a whole number of days: the promise counts calendar "
                    + "days (e.g. 7d or 2w)");
            else if (window.TotalDays > MaxWindowDays)
                reader.Error(windowNode, "window", $"\"{windowNode.Value}\" is longer than {MaxWindowDays} days");
            else
                days = (int)window.TotalDays;
        }
        return new RetentionConfig(minGood, days);
    }
}
