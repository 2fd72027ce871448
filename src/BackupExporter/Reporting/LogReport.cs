using BackupExporter.Platform;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;

namespace BackupExporter.Reporting;

/// <summary>
/// A followed log for people: the newest run, its error lines by class (only classes that occur), and the last
/// lines that looked like errors but matched no class, so an operator sees what was not recognised.
/// </summary>
internal sealed record LogReport(
    string Source,
    string Path,
    string? Outcome,
    DateTimeOffset? Started,
    DateTimeOffset? Ended,
    IReadOnlyDictionary<string, long> Errors,
    string? LastErrorLine,
    IReadOnlyList<string> Unrecognised,
    DateTimeOffset? CronLastStart,
    string? Problem,
    [property: System.Text.Json.Serialization.JsonIgnore] bool Unreadable = false)
{
    /// <summary>Cron logs of a set with a schedule: scheduled starts at which cron did not start the job within grace.</summary>
    public int? MissedStarts { get; init; }

    public static LogReport From(LogConfig log, LogObservation? o)
    {
        if (o is null)
            return new LogReport(log.Source, log.Path, null, null, null, new Dictionary<string, long>(), null, [], null, "not read yet");
        var run = o.NewestRun;
        var counts = run?.ErrorLines ?? o.LinesSinceStart ?? new Dictionary<ErrorClass, long>();
        return new LogReport(log.Source, log.Path, run?.Outcome.ToString().ToLowerInvariant(), run?.StartedAt, run?.EndedAt,
            counts.Where(c => c.Value > 0).ToDictionary(c => ErrorClasses.Label(c.Key), c => c.Value),
            run?.LastErrorLine, o.RecentUnrecognised, o.JobStarts.Count > 0 ? o.JobStarts[^1] : null, o.Problem, o.Unreadable);
    }

    public static LogReport From(RunStatusObservation run) => new(
        LogKinds.Name(LogKind.Run), run.Path, run.Status?.Outcome, run.Status?.StartedAt, run.Status?.EndedAt,
        (run.Status?.ErrorLines ?? new Dictionary<string, long>()).Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value),
        run.Status?.LastErrorLines is [.., var last] ? SecretRedactor.RedactText(last) : null, [], null, run.Problem);

    /// <summary>What the report of a backup set should say about this log, if anything.</summary>
    public (Severity Severity, string Reason)? Judgement() => Outcome switch
    {
        _ when Unreadable => (Severity.Warning, Problem ?? $"cannot read the {Source} log {Path}"),
        RunStatus.Failed => (Severity.Warning, $"newest run in the {Source} log {Path} failed"
            + (LastErrorLine is { } line ? $": {line}" : Errors.Count > 0
                ? $" ({string.Join(", ", Errors.Select(e => $"{e.Key} ×{e.Value}"))})" : "")),
        _ when Errors.Count > 0 && Outcome != "succeeded" => (Severity.Warning,
            $"newest run in the {Source} log {Path} has error lines: {string.Join(", ", Errors.Select(e => $"{e.Key} ×{e.Value}"))}"),
        _ => null,
    };

    /// <summary>The runbook section of this log's judgement: the run wrapper's failures have their own.</summary>
    public string Runbook => Source == LogKinds.Name(LogKind.Run) ? Runbooks.RunFailed : Runbooks.LogErrors;
}
