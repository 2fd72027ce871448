using BackupExporter.Configuration;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Architecture;

public sealed class ArchitectureTests
{
    private static string ExporterAssembly => typeof(ExporterConfig).Assembly.Location;

    [Fact]
    public void No_folder_of_the_exporter_points_up_a_layer_or_takes_part_in_a_cycle()
    {
        var edges = Union(FolderDependencies.Read(ExporterAssembly, "BackupExporter"),
            SourceDependencies.ReadDirectory(Path.Combine(RepositoryRoot.Find(), "src", "BackupExporter"), "BackupExporter"));

        var violations = LayerRule.Exporter.Violations(edges).ToList();

        Assert.True(violations.Count == 0, "the layout is broken:\n" + string.Join("\n", violations)); // every violation, untruncated
    }

    [Fact]
    public void The_reader_sees_every_folder_of_the_exporter()
    {
        var edges = FolderDependencies.Read(ExporterAssembly, "BackupExporter");
        var folders = edges.Keys.SelectMany(e => new[] { e.From, e.To }).Select(f => f.Split('/')[0]).ToHashSet();

        string[] layers = ["Cli", "Logging", "Web", "Scheduling", "Restore", "Metrics", "Reporting", "Snapshots", "Inspection",
            "Configuration", "Decoding",
            "Runs", "Platform"];
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

    [Fact]
    public void A_constant_only_cycle_between_a_folder_and_its_sub_folder_is_seen_in_the_source()
    {
        // The compiler copies SandboxServer.RedoLogBytes into DiskEstimate as a number: only the source shows the edge.
        var edges = SourceDependencies.Read([
            ("Drills/DiskEstimate.cs", """
                using Fixture.Drills.Sandbox;

                namespace Fixture.Drills;

                internal static class DiskEstimate
                {
                    public const long EmptyDataDirectory = SandboxServer.RedoLogBytes + (32L << 20);
                }
                """),
            ("Drills/DrillFailedException.cs", "namespace Fixture.Drills;\n\ninternal sealed class DrillFailedException(string message) : "
                + "Exception(message);\n"),
            ("Drills/Sandbox/SandboxServer.cs", """
                namespace Fixture.Drills.Sandbox;

                internal sealed class SandboxServer
                {
                    public const long RedoLogBytes = 512L << 20;

                    // "DiskEstimate" in a comment or a message is no use.
                    public static void Fail() => throw new DrillFailedException($"too small for {nameof(RedoLogBytes)} (see DiskEstimate)");
                }
                """),
        ], "Fixture");

        Assert.Equal(["Drills/DiskEstimate.cs: SandboxServer", "Drills/DiskEstimate.cs: using Fixture.Drills.Sandbox"],
            edges[("Drills", "Drills/Sandbox")]);
        Assert.Equal(["Drills/Sandbox/SandboxServer.cs: DrillFailedException"], edges[("Drills/Sandbox", "Drills")]);
        Assert.Equal(["Drills", "Drills/Sandbox"], Assert.Single(LayerRule.Cycles(edges.Keys)));
    }

    [Fact]
    public void A_qualified_constant_that_points_up_fails_the_rule()
    {
        // No using: the lower folder names the upper one's constant qualified, from an enclosing namespace and from the root.
        var edges = SourceDependencies.Read([
            ("Upper/Limits.cs", "namespace Fixture.Upper;\n\ninternal static class Limits\n{\n    public const int Max = 3;\n}\n"),
            ("Lower/Caps.cs", """
                namespace Fixture.Lower;

                internal static class Caps
                {
                    public const int Relative = Upper.Limits.Max;
                    public const int Rooted = global::Fixture.Upper.Limits.Max * 2;
                }
                """),
        ], "Fixture");
        var rule = new LayerRule([["Upper"], ["Lower"]]);

        Assert.Equal(["Lower/Caps.cs: Fixture.Upper.Limits", "Lower/Caps.cs: Upper.Limits"], edges[("Lower", "Upper")]);
        Assert.StartsWith("Lower -> Upper points up a layer", Assert.Single(rule.Violations(edges)), StringComparison.Ordinal);
    }

    private static Dictionary<(string From, string To), SortedSet<string>> Union(params IReadOnlyDictionary<(string From, string To),
        SortedSet<string>>[] graphs)
    {
        var union = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var graph in graphs)
            foreach (var (edge, examples) in graph)
            {
                if (!union.TryGetValue(edge, out var all)) union[edge] = all = new SortedSet<string>(StringComparer.Ordinal);
                all.UnionWith(examples);
            }
        return union;
    }

    private static Dictionary<(string From, string To), SortedSet<string>> Graph(params (string From, string To)[] edges) =>
        edges.ToDictionary(e => e, e => new SortedSet<string>([$"{e.From}.T -> {e.To}.T"], StringComparer.Ordinal));
}
