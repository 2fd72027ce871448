using System.Globalization;
using BackupExporter.Metrics;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Metrics;

/// <summary>
/// The cardinality budget of docs/fleet.md: one backup set with every feature on (server, job and cron logs, run
/// status, restore drill, an off-site remote) stays within its series, and every label value is bounded. A change
/// that adds a label the configuration does not bound, or series beyond the budget, fails here; docs/fleet.md states
/// the numbers measured today.
/// </summary>
[Subject(typeof(SeriesBudget))]
public sealed class CardinalityBudgetTests
{
    private readonly FullSnapshot _snapshot = new();

    [Fact]
    public async Task A_set_with_every_feature_on_its_server_and_the_exporter_stay_within_the_budget()
    {
        var measure = SeriesBudget.Check(await _snapshot.ScrapeAsync(), _snapshot.Config);

        Assert.Empty(measure.Problems);
        var set = measure.Sets["nightly"];
        var server = measure.Servers["db1"];
        Assert.True(set.Series <= SeriesBudget.PerSet, $"a set has {set.Series} series, the budget is {SeriesBudget.PerSet}");
        Assert.True(server.Series <= SeriesBudget.PerServer, $"a server has {server.Series} series, the budget "
            + $"is {SeriesBudget.PerServer}");
        Assert.True(measure.Exporter.Series <= SeriesBudget.PerExporter, $"the exporter has {measure.Exporter.Series} series, the budget "
            + $"is {SeriesBudget.PerExporter}");
        // Most of a set's series are the features: without them it is about a quarter of the budget.
        Assert.True(set.Series > 60, $"{set.Series}: the snapshot no longer has every feature on");
    }

    [Fact]
    public async Task Docs_fleet_md_gives_the_series_and_bytes_measured_and_the_budget()
    {
        var measure = SeriesBudget.Check(await _snapshot.ScrapeAsync(), _snapshot.Config);
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "fleet.md"));

        // The exporter's own bytes vary with its memory and CPU time: its row gives them about, in hundreds.
        foreach (var (what, (series, bytes), budget) in new[]
                 {
                     ("one backup set, every feature on", measure.Sets["nightly"], SeriesBudget.PerSet),
                     ("one server", measure.Servers["db1"], SeriesBudget.PerServer),
                     ("the exporter itself", measure.Exporter, SeriesBudget.PerExporter),
                 })
        {
            var shown = what == "the exporter itself" ? string.Create(CultureInfo.InvariantCulture,
                $"about {Math.Round(bytes / 100.0) * 100:N0}") : bytes.ToString("N0", CultureInfo.InvariantCulture);
            var row = string.Create(CultureInfo.InvariantCulture, $"| {what} | {series} | {budget} | {shown} |");
            Assert.True(doc.Contains(row, StringComparison.Ordinal), $"docs/fleet.md: the row \"{row}\" is missing (series today, "
                + $"budget, bytes per scrape)");
        }
    }

    [Fact]
    public void Every_label_of_the_contract_is_enumerated_named_by_the_configuration_or_a_version()
    {
        foreach (var family in MetricContract.All)
            foreach (var label in family.Labels.Where(l => l.Values is null))
                Assert.True(SeriesBudget.ConfigurationLabels.Contains(label.Name) || label.Name == SeriesBudget.VersionLabel,
                    $"{family.Name}: label {label.Name} is not enumerated (MetricLabel.Values) and names nothing of the configuration: "
                        + $"its values are unbounded");
    }

    [Fact]
    public void The_check_names_unbounded_values_and_labels()
    {
        var text = """
            mysql_backup_path_ok{backup="nightly"} 1
            mysql_backup_path_ok{backup="someone-else"} 1
            mysql_backup_offsite_up{backup="nightly",remote="elsewhere"} 1
            mysql_backup_exporter_inspection_success{inspection="backup:gone"} 1
            mysql_backup_exporter_build_info{version="1.0"} 1
            mysql_backup_exporter_build_info{version="1.1"} 1
            mysql_backup_check_ok{backup="nightly",check="complete",file="b.sql.gz"} 1
            """;

        var problems = SeriesBudget.Check(text, _snapshot.Config).Problems;

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.Contains("backup=\"someone-else\" is not bounded", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("remote=\"elsewhere\" is not bounded", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("inspection \"backup:gone\" is none of the configuration's", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("version=\"1.1\" is not bounded", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("label file is neither enumerated", StringComparison.Ordinal));
    }
}
