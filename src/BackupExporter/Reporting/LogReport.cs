using System.Collections.ObjectModel;
using BackupExporter.Platform;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Runs;

namespace BackupExporter.Reporting;

/// <summary>
/// A followed log for people: the newest run, its error lines by class (only classes that occur), and the last
/// lines that looked like errors but matched no class, so an operator sees what was not recognised.
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record LogReport
{
    public required string Source { get; init; }

    public required string Path { get; init; }

    public string? Outcome { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Ended { get; init; }

    /// <summary>Error lines by class label, only the classes that occur.</summary>
    public IReadOnlyDictionary<string, long> Errors { get; init; } = ReadOnlyDictionary<string, long>.Empty;

    public string? LastErrorLine { get; init; }

    public IReadOnlyList<string> Unrecognised { get; init; } = [];

    public DateTimeOffset? CronLastStart { get; init; }

    public string? Problem { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Unreadable { get; init; }

    /// <summary>Cron logs of a set with a schedule: scheduled starts at which cron did not start the job within grace.</summary>
    public int? MissedStarts { get; init; }

    public static LogReport From(LogConfig log, LogObservation? o)
    {
        if (o is null)
            return new LogReport { Source = log.Source, Path = log.Path, Problem = "not read yet" };
        var run = o.NewestRun;
        var counts = run?.ErrorLines ?? o.LinesSinceStart ?? new Dictionary<ErrorClass, long>();
        return new LogReport
        {
            Source = log.Source,
            Path = log.Path,
            Outcome = run?.Outcome.ToString().ToLowerInvariant(),
            Started = run?.StartedAt,
            Ended = run?.EndedAt,
            Errors = counts.Where(c => c.Value > 0).ToDictionary(c => ErrorClasses.Label(c.Key), c => c.Value),
            LastErrorLine = run?.LastErrorLine,
            Unrecognised = o.RecentUnrecognised,
            CronLastStart = o.JobStarts.Count > 0 ? o.JobStarts[^1] : null,
            Problem = o.Problem,
            Unreadable = o.Unreadable,
        };
    }

    public static LogReport From(RunStatusObservation run) => new()
    {
        Source = LogKinds.Name(LogKind.Run),
        Path = run.Path,
        Outcome = run.Status?.Outcome,
        Started = run.Status?.StartedAt,
        Ended = run.Status?.EndedAt,
        Errors = (run.Status?.ErrorLines ?? new Dictionary<string, long>()).Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value),
        LastErrorLine = run.Status?.LastErrorLines is [.., var last] ? SecretRedactor.RedactText(last) : null,
        Problem = run.Problem,
    };

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
