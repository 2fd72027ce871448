using System.Text.RegularExpressions;
using BackupExporter.Configuration;
using BackupExporter.Inspection;

namespace BackupExporter.Metrics;

/// <summary>
/// The cardinality budget of docs/fleet.md. Every series belongs to one backup set, one server or the exporter
/// itself, and every label value is bounded: a label is enumerated by the contract, names a thing of the
/// configuration (a set, its path, a server, a remote, an inspection), or is a version, of which a series has one.
/// A fleet of hundreds of hosts sizes its Prometheus from these numbers. The tests measure a full snapshot and a
/// running exporter against it; a scrape never does.
/// </summary>
internal static partial class SeriesBudget
{
    /// <summary>Series of one backup set with every feature on: server, job and cron logs, run status, drill, one remote.</summary>
    public const int PerSet = 125;

    /// <summary>Series of one server, its error log and its binlog archive (8 series and 3 of its inspection) included.</summary>
    public const int PerServer = 50;

    /// <summary>Series of the exporter itself, whatever it watches.</summary>
    public const int PerExporter = 10;

    /// <summary>The labels whose values the configuration names; any other label must be enumerated, or a version.</summary>
    public static readonly IReadOnlySet<string> ConfigurationLabels = new HashSet<string>(StringComparer.Ordinal) { "backup", "path",
        "server", "remote", "inspection" };

    public const string VersionLabel = "version";

    /// <summary>Series and exposition bytes of each set, each server and the exporter; the departures from the rules.</summary>
    public sealed record Measure(
        IReadOnlyDictionary<string, (int Series, long Bytes)> Sets,
        IReadOnlyDictionary<string, (int Series, long Bytes)> Servers,
        (int Series, long Bytes) Exporter,
        IReadOnlyList<string> Problems);

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();

    public static Measure Check(string exposition, ExporterConfig config)
    {
        var sets = config.Backups.ToDictionary(b => b.Name, _ => (Series: 0, Bytes: 0L), StringComparer.Ordinal);
        var servers = config.Servers.ToDictionary(s => s.Name, _ => (Series: 0, Bytes: 0L), StringComparer.Ordinal);
        var exporter = (Series: 0, Bytes: 0L);
        var problems = new List<string>();
        var inspections = Inspections(config);
        var versions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#') || SampleLine().Match(line) is not { Success: true } sample)
                continue;
            var name = sample.Groups[1].Value;
            var labels = LabelPair().Matches(sample.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value,
                StringComparer.Ordinal);
            var set = labels.GetValueOrDefault("backup") is { Length: > 0 } b ? b : null;
            var server = labels.GetValueOrDefault("server") is { Length: > 0 } s ? s : null;
            if (labels.TryGetValue("inspection", out var inspection))
            {
                if (!inspections.TryGetValue(inspection, out var owner))
                    problems.Add($"{line}: inspection \"{inspection}\" is none of the configuration's");
                else
                    (set, server) = owner;
            }
            foreach (var (label, value) in labels)
            {
                var family = MetricContract.Find(name);
                var declared = family?.Labels.FirstOrDefault(l => l.Name == label);
                if (declared is { Values: not null } || label == "inspection")
                    continue;
                var known = label switch
                {
                    "backup" => sets.ContainsKey(value),
                    "server" => value.Length == 0 || servers.ContainsKey(value),
                    "path" => config.Backups.Any(c => c.Path == value),
                    "remote" => config.Backups.Any(c => c.Name == set && c.Offsite.Any(o => o.Name == value)),
                    // One version per series: the key without it must be unique.
                    VersionLabel => versions.Add(name + "{" + string.Join(",", labels.Where(l => l.Key != VersionLabel)
                        .Select(l => l.Key + "=" + l.Value)) + "}"),
                    _ => false,
                };
                if (!known)
                    problems.Add(label == VersionLabel || ConfigurationLabels.Contains(label)
                        ? $"{line}: {label}=\"{value}\" is not bounded by the configuration"
                        : $"{line}: label {label} is neither enumerated by the contract nor named by the configuration");
            }
            var bytes = line.Length + 1L;
            if (set is not null && sets.TryGetValue(set, out var s1))
                sets[set] = (s1.Series + 1, s1.Bytes + bytes);
            else if (server is not null && servers.TryGetValue(server, out var s2))
                servers[server] = (s2.Series + 1, s2.Bytes + bytes);
            else if (set is null && server is null)
                exporter = (exporter.Series + 1, exporter.Bytes + bytes);
        }
        return new Measure(sets, servers, exporter, problems);
    }

    /// <summary>Every inspection the configuration makes, and the set or server it belongs to.</summary>
    private static Dictionary<string, (string? Set, string? Server)> Inspections(ExporterConfig config)
    {
        var all = new Dictionary<string, (string? Set, string? Server)>(StringComparer.Ordinal);
        foreach (var b in config.Backups)
        {
            all[InspectionNames.Backup(b.Name)] = (b.Name, null);
            all[InspectionNames.Run(b.Name)] = (b.Name, null);
            all[InspectionNames.Drill(b.Name)] = (b.Name, null);
            all[InspectionNames.Reverify(b.Name)] = (b.Name, null);
            foreach (var o in b.Offsite)
                all[InspectionNames.Offsite(b.Name, o.Name)] = (b.Name, null);
        }
        foreach (var s in config.Servers)
        {
            all[InspectionNames.Server(s.Name)] = (null, s.Name);
            all[InspectionNames.BinlogArchive(s.Name)] = (null, s.Name);
        }
        foreach (var l in config.Logs)
            all[InspectionNames.Log(l.Path)] = (l.Backup, l.Backup is null ? l.Server : null);
        return all;
    }
}
