using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Reporting;

/// <summary>
/// A set's restore drills as the status page, /api/v1/status and <c>verify</c> show them: the newest drill, when one
/// last succeeded, the set's rto, the last few outcomes, and why the history could not be read.
/// </summary>
internal sealed record DrillReport(
    DrillRunReport? Newest,
    DateTimeOffset? LastSuccess,
    double? RtoSeconds,
    IReadOnlyList<DrillOutcomeReport> Recent,
    string? Problem)
{
    /// <summary>The newest drill took longer than the rto allows (a successful one: a failed drill restored nothing).</summary>
    public bool SlowerThanRto => Newest is { Verdict: DrillVerdicts.Ok, TotalSeconds: { } total } && RtoSeconds is { } rto && total > rto;

    /// <summary>Null for a set without restore_test and without a drill history: it has no drill section.</summary>
    public static DrillReport? From(BackupSetConfig set, DrillObservation? o)
    {
        var history = o?.History ?? DrillHistory.Empty;
        if (set.RestoreTest is null && history.Newest is null && o?.Problem is null)
            return null;
        return new DrillReport(
            history.Newest is { } newest ? DrillRunReport.From(newest) : null,
            history.LastSuccess?.EndedAt,
            set.Rto?.TotalSeconds,
            history.Recent.Select(r => new DrillOutcomeReport(r.StartedAt, r.EndedAt, DrillVerdicts.Word(r.Verdict), r.Error,
                r.TotalSeconds)).ToList(),
            o?.Problem);
    }
}

/// <summary>One drill: its verdict, what it restored, each phase's seconds, what it counted and what it checked.</summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record DrillRunReport
{
    public required string Verdict { get; init; }

    public string? Error { get; init; }

    public string? FailedPhase { get; init; }

    public string? Artifact { get; init; }

    public DateTimeOffset? ArtifactTime { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required DateTimeOffset Ended { get; init; }

    public required IReadOnlyDictionary<string, double> PhaseSeconds { get; init; }

    public double? TotalSeconds { get; init; }

    /// <summary>Null when the drill counted nothing (no schema restored).</summary>
    public int? Tables { get; init; }

    public long? Rows { get; init; }

    public long RestoredBytes { get; init; }

    public IReadOnlyList<DrillCheckReport> Checks { get; init; } = [];

    /// <summary>Newer artifacts the drill did not restore, and why.</summary>
    public IReadOnlyList<DrillSkippedReport> Skipped { get; init; } = [];

    /// <summary>What the drill said besides its verdict (tables new or gone, an interrupted drill recorded).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static DrillRunReport From(DrillRecord d) => new()
    {
        Verdict = DrillVerdicts.Word(d.Verdict),
        Error = d.Error,
        FailedPhase = d.FailedPhase,
        Artifact = d.ArtifactPath,
        ArtifactTime = d.ArtifactTime,
        Started = d.StartedAt,
        Ended = d.EndedAt,
        PhaseSeconds = DrillPhases.All.Where(d.PhaseSeconds.ContainsKey).ToDictionary(p => p, p => d.PhaseSeconds[p]),
        TotalSeconds = d.TotalSeconds,
        Tables = d.Schemas.Count > 0 ? d.Tables : null,
        Rows = d.Schemas.Count > 0 ? d.Rows : null,
        RestoredBytes = d.RestoredBytes,
        Checks = d.Checks.Select(c => new DrillCheckReport(c.Sql, c.Value, c.Ok, c.Error)).ToList(),
        Skipped = d.Skipped.Select(s => new DrillSkippedReport(s.Path, s.Reason)).ToList(),
        Notes = d.Notes,
    };
}

internal sealed record DrillCheckReport(string Sql, string? Value, bool Ok, string? Error);

internal sealed record DrillSkippedReport(string Artifact, string Reason);

/// <summary>One line of the drill history.</summary>
internal sealed record DrillOutcomeReport(DateTimeOffset Started, DateTimeOffset Ended, string Verdict,
    string? Error, double? TotalSeconds);

/// <summary>The words of a drill's verdict in reports: lower case, as the other verdicts.</summary>
internal static class DrillVerdicts
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Unsupported = "unsupported";

    public static string Word(DrillVerdict verdict) => verdict switch
    {
        DrillVerdict.Ok => Ok,
        DrillVerdict.Failed => Failed,
        _ => Unsupported,
    };
}
