using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Server;
using Versions = BackupExporter.Inspection.Server.ServerVersion;

namespace BackupExporter.Metrics;

/// <summary>The part of docs/metrics.md a family is listed in.</summary>
internal enum MetricGroup { BackupSet, JobLog, Drill, Recovery, Offsite, Server, Exporter }

/// <summary>A label of the contract. <see cref="Values"/> lists the values an enumerated label may take; null: any.</summary>
internal sealed record MetricLabel(string Name, IReadOnlyList<string>? Values = null)
{
    /// <summary>The label with a value, as the series writers pass it.</summary>
    public (string Key, string Value) Of(string value) => (Name, value);
}

/// <summary>
/// One metric family of the contract: name, type, HELP, label names in exposition order, and <see cref="Doc"/>, its
/// meaning in docs/metrics.md (Markdown, longer than HELP). docs/metrics.md is generated from these.
/// </summary>
internal sealed record Family(string Name, string Type, string Help, MetricGroup Group, IReadOnlyList<MetricLabel> Labels, string Doc)
{
    public string Header => $"# HELP {Name} {Exposition.EscapeHelp(Help)}\n# TYPE {Name} {Type}\n";

    public string[] LabelNames => Labels.Select(l => l.Name).ToArray();
}

/// <summary>The labels of the contract; the allowed values of enumerated ones come from the code that produces them.</summary>
internal static class MetricLabels
{
    public static readonly MetricLabel Backup = new("backup");
    public static readonly MetricLabel Server = new("server");
    public static readonly MetricLabel Kind = new("kind", [.. BackupKinds.Words]);
    public static readonly MetricLabel SetPath = new("path");
    public static readonly MetricLabel Status = new("status", ArtifactStatuses.All.Select(ArtifactStatuses.Word).ToArray());
    public static readonly MetricLabel Check = new("check", CheckNames.All);
    public static readonly MetricLabel Source = new("source", LogKinds.Each.Select(LogKinds.Name).ToArray());
    public static readonly MetricLabel TimeSourceLabel = new("source", Inspection.Artifacts.TimeSources.All);
    public static readonly MetricLabel Class = new("class", ErrorClasses.All.Select(ErrorClasses.Label).ToArray());
    public static readonly MetricLabel MySqlVersion = new("version");
    public static readonly MetricLabel Flavor = new("flavor", [Versions.MySql, Versions.MariaDb]);
    public static readonly MetricLabel Phase = new("phase", Inspection.Drills.DrillPhases.All.ToArray());
    public static readonly MetricLabel Wait = new("wait", ServerObservation.Waits.Select(w => w.Label).ToArray());
    public static readonly MetricLabel InspectionName = new("inspection");
    public static readonly MetricLabel Remote = new("remote");
    public static readonly MetricLabel ExporterVersion = new("version");
}

/// <summary>Every family the exporter exposes: those rendered from snapshots, then the process-wide ones.</summary>
internal static class MetricContract
{
    public static readonly IReadOnlyList<Family> All = [.. ExporterFamilies.ProcessWide, .. Families.All];

    public static Family? Find(string name) => All.FirstOrDefault(f => f.Name == name);
}
