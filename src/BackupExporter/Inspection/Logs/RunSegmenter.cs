using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Tells the newest run of a backup job apart from older runs in the job's log, and summarises it: error lines by
/// class, outcome, start and end. Runs are delimited by, in this order of trust: the run wrapper's markers
/// (<see cref="RunMarkers"/>; nothing splits the lines between a start and its end), the tools' own first lines
/// (mariabackup / xtrabackup), cron's CMD lines, and a gap longer than <see cref="RunSegmenterOptions.RunGap"/>
/// between two lines — by their timestamps, or by when the exporter read them (a mysqldump log has no timestamps:
/// there, lines of a backlog read at once form one run). Feed it a follower's lines; set <see cref="ObservedAt"/>
/// before each read. Keeps only the newest run and the newest failed one: memory does not grow with the log.
/// </summary>
internal sealed class RunSegmenter : ILogLineSink
{
    private readonly LogKind _kind;
    private readonly RunSegmenterOptions _options;
    private readonly ErrorClassifier _classifier;
    private readonly bool _stamped;
    private RunBuilder? _current;
    private RunSummary? _lastFailed;
    private DateTimeOffset? _lastArrival;
    private long _lastOffset = -1;
    private bool _foreignOpen;

    public RunSegmenter(LogKind kind, RunSegmenterOptions? options = null)
    {
        _kind = kind;
        _options = options ?? RunSegmenterOptions.Default;
        _classifier = ErrorClassifier.For(kind);
        _stamped = kind != LogKind.Mysqldump; // mysqldump writes no times; a wrapper script may, but rarely at line starts
    }

    /// <summary>When the lines delivered next were read; the arrival time of lines without a timestamp.</summary>
    public DateTimeOffset ObservedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The newest run seen so far, or null before the first line.</summary>
    public RunSummary? NewestRun => _current?.ToSummary();

    /// <summary>The newest run that failed (possibly <see cref="NewestRun"/>), or null.</summary>
    public RunSummary? LastFailedRun => _current is { Outcome: RunOutcome.Failed } ? _current.ToSummary() : _lastFailed;

    /// <summary>Offset of the newest run's first line in the current file, for <see cref="LogOffsetStore.Set"/>.</summary>
    public long? NewestRunStartOffset => _current?.StartOffset;

    public void OnLine(ReadOnlySpan<char> line, in LogLineInfo info)
    {
        if (info.Offset < _lastOffset)
            _current?.OffsetsLost(); // the follower moved to another file
        _lastOffset = info.Offset;
        var arrivalGap = _lastArrival is { } previous && ObservedAt - previous > _options.RunGap;
        _lastArrival = ObservedAt;

        if (line.Length > 0 && line[0] == '#' && line.StartsWith(RunMarkers.Prefix, StringComparison.Ordinal))
        {
            if (RunMarkers.Parse(line) is { } marker)
                OnMarker(marker, info.Offset);
            return; // the wrapper's other notes (retry) belong to no run
        }
        if (_foreignOpen || line.IsWhiteSpace())
            return;

        DateTimeOffset? stamp = _stamped && LineTimestamp.TryParse(line, _options.TimeZone, ObservedAt, out var t) ? t : null;
        var tool = _kind is LogKind.Xtrabackup or LogKind.Run ? ToolLines.Recognise(line) : ToolLine.None;
        CronLine? cron = null;
        if (_kind == LogKind.Cron)
        {
            cron = CronLine.Parse(line);
            if (cron is null)
                return; // another daemon's line in a syslog
        }

        if (_current is not { WrapperOpen: true })
        {
            var stampGap = stamp is { } s && _current?.LastStamp is { } last && s - last > _options.RunGap;
            if (cron is { IsCommand: true } command)
            {
                if (_options.CronCommand is null || command.Command!.Contains(_options.CronCommand, StringComparison.Ordinal))
                {
                    StartRun(info.Offset, null, command.Pid);
                    _current!.Line(line, stamp, null, tool, ObservedAt);
                }
                return; // another job's command
            }
            if (_current is null || _current.Closed || arrivalGap || stampGap || StartsRun(tool))
                StartRun(info.Offset, null, null);
        }
        var run = _current!;
        if (cron is { } c && run.CronPid is { } pid && _options.CronCommand is not null && !c.Concerns(pid))
            return; // another job's line
        if (cron is { FailedChild: not null } failed && (run.CronPid is null || failed.FailedChild == run.CronPid))
            run.CronExit = failed.ExitStatus;
        if (tool == ToolLine.Banner)
            run.SawBanner = true;
        if (tool is ToolLine.None or ToolLine.CompletedOk)
            run.PastPreamble = true;
        run.Line(line, stamp, _classifier.Classify(line), tool, ObservedAt);
    }

    /// <summary>Whether a tool's first line begins another run rather than continuing this one.</summary>
    private bool StartsRun(ToolLine tool)
    {
        var run = _current!;
        var finished = run.Completed || run.HasErrors;
        return tool switch
        {
            ToolLine.Connecting => finished,
            ToolLine.Arguments => finished || run.PastPreamble || run.SawBanner,
            ToolLine.Banner => finished || run.SawBanner,
            _ => false,
        };
    }

    private void OnMarker(RunMarker marker, long offset)
    {
        if (_options.Backup is { } only && marker.Backup != only)
        {
            _foreignOpen = marker.IsStart; // another set's run: its lines are not ours
            return;
        }
        _foreignOpen = false;
        if (marker.IsStart)
        {
            StartRun(offset, marker, null);
            return;
        }
        if (_current is null || _current.Closed)
            StartRun(offset, null, null); // an end whose start is in a file no longer read
        _current!.End(marker, ObservedAt);
    }

    private void StartRun(long offset, RunMarker? start, int? cronPid)
    {
        if (_current is { } previous)
        {
            previous.Abandon();
            if (previous.Outcome == RunOutcome.Failed)
                _lastFailed = previous.ToSummary();
        }
        _current = new RunBuilder(offset, ObservedAt, start, _options.RecentLines) { CronPid = cronPid };
    }
}
