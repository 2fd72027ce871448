using System.Text;

namespace BackupExporter.Metrics;

/// <summary>
/// docs/metrics.md, made from the metric contract and the prose of MetricsDoc.md, in which each
/// <c>{{table Group}}</c> line becomes the table of that group's families. <c>backup-exporter docs metrics</c>
/// prints it; scripts/generate-metrics-doc writes it, and a test fails while the file differs.
/// </summary>
internal static class MetricsDoc
{
    public const string Command = "scripts/generate-metrics-doc";

    public static string Render()
    {
        using var stream = typeof(MetricsDoc).Assembly.GetManifestResourceStream("metrics-doc-template")
            ?? throw new InvalidOperationException("the metrics-doc-template resource is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("{{table ", StringComparison.Ordinal) && line.EndsWith("}}", StringComparison.Ordinal))
                Table(text, Enum.Parse<MetricGroup>(line["{{table ".Length..^2]));
            else
                text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The label every family of the group has, named in the prose above the table rather than in each row.</summary>
    private static MetricLabel? CommonLabel(MetricGroup group) => group switch
    {
        MetricGroup.BackupSet or MetricGroup.JobLog or MetricGroup.Drill or MetricGroup.Recovery => MetricLabels.Backup,
        MetricGroup.Offsite => null,
        MetricGroup.Server => MetricLabels.Server,
        _ => null,
    };

    private static void Table(StringBuilder text, MetricGroup group)
    {
        var common = CommonLabel(group);
        text.Append(common is null ? "| metric | type | labels | meaning |\n" : "| metric | type | extra labels | meaning |\n");
        text.Append("| --- | --- | --- | --- |\n");
        // The standard process_* metrics after the exporter's own, whatever the exposition order.
        foreach (var family in MetricContract.All.Where(f => f.Group == group)
            .OrderBy(f => f.Name.StartsWith("process_", StringComparison.Ordinal)))
        {
            var labels = string.Join(", ", family.Labels.Where(l => l != common).Select(Label));
            text.Append($"| `{family.Name}` | {family.Type} |{(labels.Length > 0 ? $" {labels} " : " ")}| "
                + $"{family.Doc.Replace("|", "\\|")} |\n");
        }
    }

    private static string Label(MetricLabel label) =>
        label.Values is { } values ? $"`{label.Name}` = {string.Join(", ", values.Select(v => $"`{v}`"))}" : $"`{label.Name}`";
}
