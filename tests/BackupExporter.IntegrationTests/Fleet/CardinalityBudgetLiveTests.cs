using BackupExporter.Configuration;
using BackupExporter.IntegrationTests.Fixtures;
using BackupExporter.Metrics;

namespace BackupExporter.IntegrationTests.Fleet;

/// <summary>
/// The cardinality budget of docs/fleet.md on a running exporter: a server with its error log, a set with a
/// schedule, a job log and a restore drill, one with a cron log and an off-site remote, a MySQL Shell dump. Every
/// label value of its /metrics is bounded by its configuration, and each set, the server and the exporter itself
/// stay within their budget.
/// </summary>
[Collection(ExporterWithServerCollection.Name)]
public sealed class CardinalityBudgetLiveTests
{
    private readonly ExporterWithServer _exporter;

    public CardinalityBudgetLiveTests(ExporterWithServer exporter) => _exporter = exporter;

    [Fact]
    public void Every_set_server_and_the_exporter_stay_within_the_budget_and_every_label_value_is_bounded()
    {
        var (config, errors) = ConfigLoader.Load(_exporter.ConfigFile);
        Assert.Empty(errors);
        var measure = SeriesBudget.Check(_exporter.Metrics, config!);

        Assert.True(measure.Problems.Count == 0, string.Join('\n', measure.Problems));
        Assert.Equal(["local", "nightly", "shell"], measure.Sets.Keys.Order(StringComparer.Ordinal).ToArray());
        foreach (var (set, (series, _)) in measure.Sets)
            Assert.True(series is > 0 and <= SeriesBudget.PerSet, $"set {set}: {series} series, the budget is {SeriesBudget.PerSet}");
        var server = Assert.Single(measure.Servers).Value.Series;
        Assert.True(server is > 0 and <= SeriesBudget.PerServer, $"the server: {server} series, the budget is {SeriesBudget.PerServer}");
        Assert.True(measure.Exporter.Series is > 0 and <= SeriesBudget.PerExporter, $"the exporter: {measure.Exporter.Series} series, "
            + $"the budget is {SeriesBudget.PerExporter}");
        // Every sample line was counted once: as a set's, the server's or the exporter's.
        var samples = _exporter.Metrics.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(samples, measure.Sets.Values.Sum(s => s.Series) + measure.Servers.Values.Sum(s => s.Series) + measure.Exporter.Series);
    }
}
