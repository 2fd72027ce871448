namespace BackupExporter.Inspection.Logs;

/// <summary>The run being read: what <see cref="RunSegmenter"/> has learnt of it so far. Allocates only for error lines.</summary>
internal sealed class RunBuilder
{
    private readonly long[] _errors = new long[ErrorClasses.All.Count];
    private readonly RecentLines _recent;
    private readonly RecentLines _removals = new(RemovalLines.Kept);
    private RunMarker? _end;
    private bool _errorSinceCompletion;
    private bool _abandoned;
    private string? _lastError;
    private DateTimeOffset? _completedAt;

    public RunBuilder(long offset, DateTimeOffset observedAt, RunMarker? start, int recentLimit)
    {
        StartOffset = offset;
        FirstObservedAt = LastObservedAt = observedAt;
        Start = start;
        WrapperOpen = start is not null;
        _recent = new RecentLines(recentLimit);
    }

    public long? StartOffset { get; private set; }

    public RunMarker? Start { get; }

    /// <summary>Started by the wrapper and its end marker not seen yet: nothing splits this run.</summary>
    public bool WrapperOpen { get; private set; }

    /// <summary>Its end marker was seen: the next line belongs to another run.</summary>
    public bool Closed => _end is not null;

    public bool Completed => _completedAt is not null;

    public bool HasErrors { get; private set; }

    public bool SawBanner { get; set; }

    /// <summary>A line other than the tool's first lines (arguments, connection, server version, banner) was seen.</summary>
    public bool PastPreamble { get; set; }

    public int? CronPid { get; init; }

    public int? CronExit { get; set; }

    public DateTimeOffset? FirstStamp { get; private set; }

    public DateTimeOffset? LastStamp { get; private set; }

    public DateTimeOffset FirstObservedAt { get; }

    public DateTimeOffset LastObservedAt { get; private set; }

    public long Lines { get; private set; }

    /// <summary>The run continued in another file (rotation, truncation): its start offset means nothing in the new one.</summary>
    public void OffsetsLost() => StartOffset = null;

    public void Line(ReadOnlySpan<char> line, DateTimeOffset? stamp, ErrorClass? errorClass, ToolLine tool, DateTimeOffset observedAt)
    {
        Lines++;
        LastObservedAt = observedAt;
        if (stamp is { } s)
        {
            FirstStamp ??= s;
            if (LastStamp is null || s > LastStamp)
                LastStamp = s;
        }
        if (tool == ToolLine.CompletedOk)
        {
            _completedAt = stamp ?? LastStamp ?? observedAt;
            _errorSinceCompletion = false;
        }
        if (RemovalLines.IsRemoval(line))
            _removals.Add(RecentLines.Cut(line));
        if (errorClass is not { } c)
            return;
        _errors[(int)c]++;
        HasErrors = true;
        _errorSinceCompletion = true;
        var text = RecentLines.Cut(line);
        _lastError = text;
        if (c == ErrorClass.Other)
        {
            _recent.Add(text);
        }
    }

    public void End(RunMarker end, DateTimeOffset observedAt)
    {
        _end = end;
        WrapperOpen = false;
        LastObservedAt = observedAt;
        if (end.Signal is not null || end.TimedOut)
            _errors[(int)ErrorClass.Interrupted]++;
    }

    /// <summary>A new run started while the wrapper's end marker was still missing: the wrapper itself was killed.</summary>
    public void Abandon()
    {
        if (!WrapperOpen)
            return;
        _abandoned = true;
        WrapperOpen = false;
        _errors[(int)ErrorClass.Interrupted]++;
    }

    public RunOutcome Outcome =>
        _end is { } end ? (end.ExitCode == 0 && !end.TimedOut ? RunOutcome.Succeeded : RunOutcome.Failed)
        : _abandoned ? RunOutcome.Failed
        : Completed && !_errorSinceCompletion ? RunOutcome.Succeeded
        : HasErrors || CronExit is > 0 ? RunOutcome.Failed
        : WrapperOpen ? RunOutcome.Running
        : RunOutcome.Unknown;

    public RunSummary ToSummary()
    {
        var outcome = Outcome;
        var errors = new Dictionary<ErrorClass, long>();
        foreach (var c in ErrorClasses.All)
            errors[c] = _errors[(int)c];
        var ended = _end?.At
            ?? (outcome == RunOutcome.Succeeded ? _completedAt ?? LastStamp : outcome == RunOutcome.Failed ? LastStamp : null);
        return new RunSummary
        {
            StartOffset = StartOffset,
            StartedAt = Start?.At ?? FirstStamp,
            EndedAt = ended,
            Outcome = outcome,
            ExitCode = _end?.ExitCode ?? CronExit,
            Signal = _end?.Signal ?? (CronExit is > 128 and < 160 ? RunMarkers.SignalName(CronExit.Value - 128) : null),
            TimedOut = _end?.TimedOut ?? false,
            Pid = Start?.Pid ?? _end?.Pid ?? CronPid,
            Attempt = Start?.Attempt ?? _end?.Attempt,
            ErrorLines = errors,
            RecentUnrecognised = _recent.ToList(),
            RemovalLines = _removals.ToList(),
            LastErrorLine = _lastError,
            Lines = Lines,
            FirstObservedAt = FirstObservedAt,
            LastObservedAt = LastObservedAt,
        };
    }
}
