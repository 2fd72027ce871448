using System.Text.RegularExpressions;

namespace BackupExporter.Metrics;

/// <summary>
/// Reads a /metrics text and lists every way it departs from the metric contract: a family the contract lacks, a
/// different TYPE or HELP, other label names, a value an enumerated label does not allow. The tests run it on
/// the /metrics of rich snapshots and of a running exporter; a scrape never does.
/// </summary>
internal static partial class ContractCheck
{
    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();

    /// <summary>The problems found, and the names of the families that had at least one sample.</summary>
    public static (List<string> Problems, HashSet<string> Seen) Check(string exposition)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>();
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                if (MetricContract.Find(parts[2]) is not { } declared)
                    problems.Add($"{parts[2]}: not in the contract");
                else if (parts[1] == "TYPE" && parts[3] != declared.Type)
                    problems.Add($"{parts[2]}: TYPE {parts[3]}, the contract says {declared.Type}");
                else if (parts[1] == "HELP" && parts[3] != Exposition.EscapeHelp(declared.Help))
                    problems.Add($"{parts[2]}: HELP \"{parts[3]}\", the contract says \"{declared.Help}\"");
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                problems.Add($"not a sample line: {line}");
                continue;
            }
            var name = sample.Groups[1].Value;
            if (MetricContract.Find(name) is not { } family)
            {
                problems.Add($"{name}: not in the contract ({line})");
                continue;
            }
            seen.Add(name);
            var labels = LabelPair().Matches(sample.Groups[2].Value)
                .Select(m => (Name: m.Groups[1].Value, Value: Unescape(m.Groups[2].Value))).ToList();
            var names = labels.Select(l => l.Name).ToArray();
            if (!names.SequenceEqual(family.LabelNames))
                problems.Add($"{name}: labels ({string.Join(", ", names)}), the contract says ({string.Join(", ", family.LabelNames)})");
            foreach (var (label, value) in labels)
                if (family.Labels.FirstOrDefault(l => l.Name == label) is { Values: { } allowed } && !allowed.Contains(value))
                    problems.Add($"{name}: {label}=\"{value}\" is not one of {string.Join(", ", allowed)}");
        }
        return (problems, seen);
    }

    private static string Unescape(string value) =>
        Regex.Replace(value, """\\(.)""", m => m.Groups[1].Value == "n" ? "\n" : m.Groups[1].Value);
}
