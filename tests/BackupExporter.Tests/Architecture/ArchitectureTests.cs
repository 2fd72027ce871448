using BackupExporter.Configuration;

namespace BackupExporter.Tests.Architecture;

public sealed class ArchitectureTests
{
    private static string ExporterAssembly => typeof(ExporterConfig).Assembly.Location;

    [Fact]
    public void No_folder_of_the_exporter_points_up_a_layer_or_takes_part_in_a_cycle()
    {
        var edges = FolderDependencies.Read(ExporterAssembly, "BackupExporter");

        var violations = LayerRule.Exporter.Violations(edges).ToList();

        Assert.True(violations.Count == 0, "the layout is broken:\n" + string.Join("\n", violations)); // every violation, untruncated
    }

    [Fact]
    public void The_reader_sees_every_folder_of_the_exporter()
    {
        var edges = FolderDependencies.Read(ExporterAssembly, "BackupExporter");
        var folders = edges.Keys.SelectMany(e => new[] { e.From, e.To }).Select(f => f.Split('/')[0]).ToHashSet();

        string[] layers = ["Cli", "Logging", "Web", "Scheduling", "Metrics", "Reporting", "Snapshots", "Inspection",
            "Configuration", "Platform"];
        Assert.Empty(layers.Except(folders));
    }

    [Fact]
    public void A_dependency_written_only_inside_a_method_body_is_seen()
    {
        var edges = FolderDependencies.Read(typeof(ArchitectureTests).Assembly.Location, "BackupExporter.Tests.Architecture.Fixture");

        Assert.Contains(("Lower", "Upper"), edges.Keys);
        Assert.Contains("BackupExporter.Tests.Architecture.Fixture.Lower.UsesUpperInBody -> "
            + "BackupExporter.Tests.Architecture.Fixture.Upper.Target",
            edges[("Lower", "Upper")]);
    }

    [Fact]
    public void The_fixture_that_points_up_fails_the_rule()
    {
        var edges = FolderDependencies.Read(typeof(ArchitectureTests).Assembly.Location, "BackupExporter.Tests.Architecture.Fixture");
        var rule = new LayerRule([["Upper"], ["Lower"]]);

        var violation = Assert.Single(rule.Violations(edges), v => v.Contains("points up", StringComparison.Ordinal));
        Assert.StartsWith("Lower -> Upper points up a layer", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_within_one_layer_fails_the_rule()
    {
        var edges = Graph(("Inspection/Artifacts", "Inspection/Verification"), ("Inspection/Verification", "Inspection/Artifacts"),
            ("Inspection/Artifacts", "Configuration"));

        var violation = Assert.Single(LayerRule.Exporter.Violations(edges));
        Assert.StartsWith("cycle between Inspection/Artifacts, Inspection/Verification", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_through_three_folders_is_found()
    {
        var cycles = LayerRule.Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]);

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles));
    }

    [Fact]
    public void Dependencies_down_the_layers_pass_and_unknown_folders_fail()
    {
        var edges = Graph(("Cli", "Web"), ("Web", "Snapshots"), ("Inspection/Logs", "Platform"), ("Gadgets", "Platform"));

        Assert.Equal(["Gadgets is in no layer (add it to docs/architecture.md and LayerRule)"], LayerRule.Exporter.Violations(edges));
    }

    private static Dictionary<(string From, string To), SortedSet<string>> Graph(params (string From, string To)[] edges) =>
        edges.ToDictionary(e => e, e => new SortedSet<string>([$"{e.From}.T -> {e.To}.T"], StringComparer.Ordinal));
}
