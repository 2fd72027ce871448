using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Snapshots;
using static BackupExporter.Metrics.BackupSetFamilies;
using static BackupExporter.Metrics.MetricHelp;

namespace BackupExporter.Metrics;

/// <summary>
/// The series of one backup set, rendered once per new observation and kept as text, one fragment per family.
/// Only the age and overdue values depend on the clock; their line prefixes are kept and the values written per scrape.
/// </summary>
internal sealed class BackupSetSeries
{
    private static readonly int FamilyCount = All.Length;

    private BackupSetSeries(BackupSetConfig config, BackupSetObservation? observation, InspectionStatus? inspection)
    {
        Config = config;
        Observation = observation;
        Inspection = inspection;
    }

    public BackupSetConfig Config { get; }

    public BackupSetObservation? Observation { get; }

    public InspectionStatus? Inspection { get; }

    /// <summary>UTF-8 sample lines per family index; empty where the set has no series of that family.</summary>
    public byte[][] Fragments { get; } = new byte[FamilyCount][];

    /// <summary>Line prefix of the age series and the time it counts from (Unix seconds).</summary>
    public (byte[] Prefix, double Since)? Age { get; private set; }

    /// <summary>Line prefix of the overdue series and the deadline (Unix seconds).</summary>
    public (byte[] Prefix, double Deadline)? Deadline { get; private set; }

    /// <summary>True when nothing that the series show has changed, so the cached text can serve.</summary>
    public bool Shows(BackupSetConfig config, BackupSetObservation? observation, InspectionStatus? inspection) =>
        ReferenceEquals(Observation, observation) && ReferenceEquals(Inspection, inspection) && Config == config;

    public static BackupSetSeries Render(BackupSetConfig set, BackupSetObservation? o, InspectionStatus? inspection)
    {
        var series = new BackupSetSeries(set, o, inspection);
        var texts = new StringBuilder[FamilyCount];
        for (var i = 0; i < FamilyCount; i++)
            texts[i] = new StringBuilder();
        StringBuilder Of(Family f) => texts[Index(f)];
        var backup = ("backup", set.Name);

        Exposition.Sample(Of(Info), Info.Name, 1, backup, ("server", set.Server ?? ""), ("kind", set.Kind.ToString().ToLowerInvariant()), ("path", set.Path));
        if (inspection is not null)
        {
            var label = ("inspection", inspection.Name);
            Exposition.Sample(Of(InspectionSuccess), InspectionSuccess.Name, inspection.Success ? 1 : 0, label);
            Exposition.Sample(Of(InspectionDuration), InspectionDuration.Name, inspection.LastDuration.TotalSeconds, label);
            Exposition.Sample(Of(InspectionLastSuccess), InspectionLastSuccess.Name, Seconds(inspection.LastSuccess), label);
        }
        if (o is not null)
            series.RenderObservation(o, backup, Of);

        for (var i = 0; i < FamilyCount; i++)
            series.Fragments[i] = Encoding.UTF8.GetBytes(texts[i].ToString());
        return series;
    }

    private void RenderObservation(BackupSetObservation o, (string, string) backup, Func<Family, StringBuilder> of)
    {
        var name = backup.Item2;
        Exposition.Sample(of(PathOk), PathOk.Name, o.PathProblem is null ? 1 : 0, backup);

        var lastSuccess = o.LastSuccess;
        var lastSuccessTime = Seconds(lastSuccess?.ModifiedTime);
        Exposition.Sample(of(LastSuccess), LastSuccess.Name, lastSuccessTime, backup);
        Age = (Prefix(LastSuccessAge, name), lastSuccessTime);
        Exposition.Sample(of(LastFailure), LastFailure.Name, Seconds(o.LastFailure?.ModifiedTime), backup);
        Exposition.Sample(of(LastSuccessSize), LastSuccessSize.Name, lastSuccess?.SizeBytes ?? 0, backup);
        if (lastSuccess is not null && o.PreviousSuccess is { SizeBytes: > 0 } previous)
            Exposition.Sample(of(SizeRatio), SizeRatio.Name, (double)lastSuccess.SizeBytes / previous.SizeBytes, backup);

        Exposition.Sample(of(Artifacts), Artifacts.Name, o.Count(ArtifactStatus.Ok), backup, ("status", "ok"));
        Exposition.Sample(of(Artifacts), Artifacts.Name, o.Count(ArtifactStatus.Failed), backup, ("status", "failed"));
        Exposition.Sample(of(Artifacts), Artifacts.Name, o.Count(ArtifactStatus.InProgress), backup, ("status", "in_progress"));
        Exposition.Sample(of(RetainedBytes), RetainedBytes.Name, o.RetainedBytes, backup);
        Exposition.Sample(of(Oldest), Oldest.Name, Seconds(o.Artifacts.Count > 0 ? o.Artifacts[0].ModifiedTime : null), backup);
        Exposition.Sample(of(Running), Running.Name, o.Running ? 1 : 0, backup);

        if (o.NewestFinished is { } newest)
            foreach (var (check, result) in newest.Checks)
                Exposition.Sample(of(CheckOk), CheckOk.Name, result.Ok ? 1 : 0, backup, ("check", check));

        if (o.NextExpected is { } deadline)
        {
            Exposition.Sample(of(NextExpected), NextExpected.Name, Seconds(deadline), backup);
            Deadline = (Prefix(Overdue, name), Seconds(deadline));
        }

        if (o.Volume is { } volume)
        {
            Exposition.Sample(of(VolumeFree), VolumeFree.Name, volume.FreeBytes, backup);
            Exposition.Sample(of(VolumeSize), VolumeSize.Name, volume.TotalBytes, backup);
            if (lastSuccess is { SizeBytes: > 0 })
                Exposition.Sample(of(Headroom), Headroom.Name, (double)volume.FreeBytes / lastSuccess.SizeBytes, backup);
        }
    }

    private static byte[] Prefix(Family family, string backup)
    {
        var text = new StringBuilder();
        Exposition.SeriesPrefix(text, family.Name, ("backup", backup));
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
