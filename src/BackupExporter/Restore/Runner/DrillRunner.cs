using BackupExporter.Inspection.BackupSets;
using System.Diagnostics;
using BackupExporter.Configuration;
using MySqlConnector;
using BackupExporter.Restore.Sandbox;
using BackupExporter.Restore.Formats;
using BackupExporter.Inspection;
using BackupExporter.Restore.Binlog;
using BackupExporter.Restore.Physical;
using BackupExporter.Inspection.Drills;
using BackupExporter.Decoding;
using BackupExporter.Platform;
using BackupExporter.Reporting;

namespace BackupExporter.Restore.Runner;

/// <summary>
/// Makes one restore drill: picks the set's newest good artifact, refuses when it cannot start cleanly, restores it
/// into a sandbox server under the scratch directory, checks the copy, times each phase, and removes everything.
/// </summary>
/// <param name="setInspection">makes the set's own inspection, the one the exporter runs: it finds the artifacts</param>
internal sealed class DrillRunner(DrillRequest request, Func<IInspection> setInspection, DrillHistoryStore history, TimeProvider clock,
    DecoderLibraries decoders)
{
    private readonly List<string> _notes = [];
    private readonly Dictionary<string, double> _phases = new(StringComparer.Ordinal);
    private readonly List<DrillSkippedArtifact> _skipped = [];
    private readonly Stopwatch _phaseClock = new();
    private readonly Stopwatch _total = new();
    private string _phase = DrillPhases.Fetch;
    private double _phaseBefore; // seconds of the current phase measured before _phaseClock started (a physical prepare)
    private DateTimeOffset _started;
    private ArtifactObservation? _artifact;
    private string? _sandboxDirectory;
    private TimeSpan? _serverStart;
    private BinlogReplayResult? _replay;

    private BackupSetConfig Set => request.Set;

    private RestoreTestConfig Settings => request.Settings;

    public async Task<DrillResult> RunAsync(CancellationToken cancellationToken)
    {
        if (RestoreFormats.Of(Set.Kind) is not { } format)
            return Refuse($"a {Set.Kind.Word()} set has no artifact to restore (its backups are rows of {Set.Kind.HistoryTable()})");
        var started = _started = clock.GetUtcNow();
        if (format.Unsupported() is { } reason)
            return Recorded(Record(started, DrillVerdict.Unsupported, reason, null, null, 0, [], []));

        var (area, busy) = AcquireScratch();
        if (area is null)
            return Refuse(busy!);
        using (area)
        {
            RecordInterrupted(area);
            if (BackupRunning.Reason(Set) is { } running)
                return Refuse(running);
            var observation = await ObserveAsync(cancellationToken);
            var judged = ArtifactVerdicts.Judge(observation.Artifacts, Set);
            if (judged.LastOrDefault(a => a.Status == ArtifactStatus.InProgress) is { } writing)
                return Refuse($"the set's backup is being written ({writing.Observation.Path}); a drill does not compete with it");
            var chosen = judged.Select((a, i) => (a, i)).LastOrDefault(x => x.a.Status == ArtifactStatus.Ok);
            if (chosen.a?.Observation is not { } artifact)
                return Recorded(Record(started, DrillVerdict.Failed,
                    observation.PathProblem ?? $"no good artifact in {Set.Path} to restore (newest: "
                        + $"{judged.LastOrDefault(a => a.Status != ArtifactStatus.InProgress)?.FirstFailure?.Value.Detail ?? "none"})",
                    DrillPhases.Fetch, null, 0, [], []));
            Skip(judged.Skip(chosen.i + 1), artifact);
            foreach (var stale in area.CleanStale())
                _notes.Add($"removed the sandbox {stale} left by a drill that did not finish");
            return Recorded(await DrillAsync(format, area, artifact, observation.Artifacts, started, cancellationToken));
        }
    }

    private (ScratchArea? Area, string? Busy) AcquireScratch()
    {
        try
        {
            return ScratchArea.Acquire(Settings.ScratchDirectory);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (null, $"cannot use the scratch directory {Settings.ScratchDirectory}: {e.Message}");
        }
    }

    /// <summary>
    /// Newer artifacts that failed their checks (a partial file that stopped growing, a damaged one) are passed over
    /// for the newest good one: said in the output and the record, so that a drill of an older dump is not mistaken
    /// for a drill of the newest backup.
    /// </summary>
    private void Skip(IEnumerable<JudgedArtifact> newer, ArtifactObservation restored)
    {
        foreach (var skipped in newer.Where(a => a.Status == ArtifactStatus.Failed))
        {
            var reason = skipped.FirstFailure is { } failure ? $"its {failure.Key} check failed: {failure.Value.Detail}"
                : "it failed its checks";
            _skipped.Add(new DrillSkippedArtifact(skipped.Path, $"{reason}; the older {Path.GetFileName(restored.Path)} was restored"));
        }
    }

    /// <summary>
    /// A drill killed before it recorded its result (by hand, or a crash) left its sandbox with its marker: it is
    /// recorded as failed now, in the history it was to write, unless an outcome was recorded since it started (the
    /// exporter records its own scheduled children that die).
    /// </summary>
    private void RecordInterrupted(ScratchArea area)
    {
        foreach (var stale in area.StaleSandboxes())
        {
            if (DrillMarker.Read(stale) is not var (record, historyDirectory))
                continue;
            var store = historyDirectory == history.Directory ? history
                : new DrillHistoryStore(historyDirectory, new StateAccess(request.Config.Global.StateGroup));
            if (!InterruptedDrill.AlreadyRecorded(store.Load(record.Backup).History, record.StartedAt))
                _notes.Add(store.Record(record) is { } notWritten
                    ? $"the drill of {record.Backup} started at {record.StartedAt:u} was interrupted, and recording it failed: {notWritten}"
                    : $"recorded the drill of {record.Backup} started at {record.StartedAt:u} as failed in its {record.FailedPhase} phase: "
                        + record.Error);
            try
            {
                DrillMarker.Delete(stale);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _notes.Add($"cannot remove the marker in {stale}: {e.Message}");
            }
        }
    }

    /// <summary>Starts timing <paramref name="phase"/> and leaves the marker saying the drill is in it.</summary>
    private void Enter(string phase, double measuredBefore = 0)
    {
        _phase = phase;
        _phaseBefore = measuredBefore;
        _phaseClock.Restart();
        if (_sandboxDirectory is null)
            return;
        var phases = new Dictionary<string, double>(_phases) { [DrillPhases.Total] = _total.Elapsed.TotalSeconds };
        DrillMarker.Write(_sandboxDirectory, InterruptedDrill.Record(Set.Name, Set.Kind.Word(), InterruptedDrill.Reason, phase,
            _artifact?.Path, _artifact?.Time, _started, clock.GetUtcNow(), phases), history.Directory);
    }

    /// <summary>On a failure: the phase it happened in gets the time it ran until then, and total the whole time.</summary>
    private void Stopped()
    {
        _phases.TryAdd(_phase, _phaseBefore + _phaseClock.Elapsed.TotalSeconds);
        _phases[DrillPhases.Total] = _total.Elapsed.TotalSeconds;
    }

    private async Task<BackupSetObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        return (BackupSetObservation)await setInspection().RunAsync(cancellationToken);
    }

    private async Task<DrillRecord> DrillAsync(RestoreFormat format, ScratchArea area, ArtifactObservation artifact,
        IReadOnlyList<ArtifactObservation> artifacts, DateTimeOffset started,
        CancellationToken cancellationToken)
    {
        long need;
        try
        {
            need = DiskEstimate.Need(format.Method, artifact, artifacts, decoders, cancellationToken);
        }
        catch (IOException e)
        {
            return Record(started, DrillVerdict.Failed, $"cannot read {artifact.Path}: {e.Message}",
                DrillPhases.Fetch, artifact, 0, [], []);
        }
        if (SandboxServer.SocketPathProblem(area.NextSandboxPath()) is { } tooLong)
            return Record(started, DrillVerdict.Failed, $"refused before writing: {tooLong}", DrillPhases.Fetch, artifact, 0, [], []);
        if (DiskRefusal(need) is { } refusal)
            return Record(started, DrillVerdict.Failed, refusal, DrillPhases.Fetch, artifact, 0, [], []);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        var sandboxDirectory = area.CreateSandboxDirectory();
        var total = _total;
        total.Start();
        _artifact = artifact;
        SandboxServer? sandbox = null;
        try
        {
            _sandboxDirectory = sandboxDirectory;
            Enter(DrillPhases.Fetch);
            var (restoredBytes, server) = await RestoreAsync(format, artifact, sandboxDirectory, timeout.Token);
            sandbox = server;
            Enter(DrillPhases.Verify);
            var (schemas, checks) = await VerifyAsync(format, sandbox, timeout.Token);
            _phases[DrillPhases.Verify] = _phaseClock.Elapsed.TotalSeconds;
            _phases[DrillPhases.Total] = total.Elapsed.TotalSeconds;
            if (sandbox.PeakResidentBytes() is { } peak)
                _notes.Add($"sandbox server peak resident memory {ByteSizeParser.FormatHuman(peak)} (address-space "
                    + $"cap {ByteSizeParser.FormatHuman(request.MemoryLimit)})");
            var failedCheck = checks.FirstOrDefault(c => !c.Ok);
            var previous = history.Load(Set.Name).History.LastSuccess;
            var collapse = RestoredVerifier.Collapse(schemas, previous, Settings.MaxShrink ?? RestoreTestConfigReader.DefaultMaxShrink);
            _notes.AddRange(RestoredVerifier.TableChanges(schemas, previous));
            var lost = RecordedLoss(artifact, schemas);
            var error = failedCheck is not null ? $"check {failedCheck.Sql}: {failedCheck.Error}"
                : collapse is null ? lost : lost is null ? collapse : $"{collapse}; {lost}";
            if (Set.Rto is { } rto && total.Elapsed > rto)
                _notes.Add($"the restore took {total.Elapsed.TotalSeconds:0}s, longer than the rto of {rto.TotalSeconds:0}s");
            return Record(started, error is null ? DrillVerdict.Ok : DrillVerdict.Failed, error, error is null ? null : DrillPhases.Verify,
                artifact, restoredBytes, schemas, checks);
        }
        catch (DrillFailedException e)
        {
            Stopped();
            return Record(started, DrillVerdict.Failed, e.Message, e.Phase, artifact, 0, [], []);
        }
        catch (DrillUnsupportedException e)
        {
            Stopped();
            return Record(started, DrillVerdict.Unsupported, e.Message, null, artifact, 0, [], []);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Stopped();
            return Record(started, DrillVerdict.Failed,
                $"timed out after {DurationParser.Format(Settings.Timeout)} (restore_test.timeout) during {_phase}; the sandbox was killed "
                    + $"and removed", _phase, artifact, 0, [], []);
        }
        catch (MySqlException e)
        {
            Stopped();
            return Record(started, DrillVerdict.Failed, $"the sandbox server: ERROR {e.Number}: {e.Message}", _phase, artifact, 0, [], []);
        }
        finally
        {
            _sandboxDirectory = null;
            if (sandbox is not null)
                await sandbox.DisposeAsync();
            ScratchArea.KillServerOf(sandboxDirectory);
            ScratchArea.Remove(sandboxDirectory);
        }
    }

    private string? DiskRefusal(long need)
    {
        if (Settings.MaxDiskBytes is { } max && need > max)
            return $"refused before writing: the restore needs about {ByteSizeParser.FormatHuman(need)}, more than max_disk "
                + $"{ByteSizeParser.FormatHuman(max)}";
        var free = new DriveInfo(Settings.ScratchDirectory).AvailableFreeSpace;
        if (need > free)
            return $"refused before writing: the restore needs about {ByteSizeParser.FormatHuman(need)}, but {Settings.ScratchDirectory} "
                + $"has {ByteSizeParser.FormatHuman(free)} free";
        return null;
    }

    private async Task<(long RestoredBytes, SandboxServer Sandbox)> RestoreAsync(RestoreFormat format, ArtifactObservation artifact,
        string directory, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(directory, "data");
        if (format.Load is not { } load)
        {
            var prepared = await PhysicalRestore.PrepareAsync(new PhysicalRestoreRequest(Set, artifact.Path,
                Path.Combine(directory, "work"), dataDirectory), cancellationToken);
            _phases[DrillPhases.Fetch] = prepared.Fetch.TotalSeconds;
            Enter(DrillPhases.Restore, prepared.Restore.TotalSeconds);
            var beforeStart = _phaseClock.Elapsed;
            var server = await SandboxServer.StartAsync(directory, dataDirectory, request.MemoryLimit, skipGrants: true, cancellationToken);
            _serverStart = _phaseClock.Elapsed - beforeStart;
            _phases[DrillPhases.Restore] = _phaseBefore + _phaseClock.Elapsed.TotalSeconds;
            await ReplayBinlogsAsync(server, artifact, cancellationToken);
            return (prepared.RestoredBytes, server);
        }

        Enter(DrillPhases.Restore);
        await SandboxServer.InitialiseAsync(directory, dataDirectory, cancellationToken);
        var sandbox = await SandboxServer.StartAsync(directory, dataDirectory, request.MemoryLimit, skipGrants: false, cancellationToken);
        _serverStart = _phaseClock.Elapsed;
        try
        {
            var (bytes, fetch) = await load(artifact, sandbox, DatabaseName(), decoders, cancellationToken);
            _phases[DrillPhases.Fetch] = fetch.TotalSeconds; // a dump's decoding overlaps its load: also included in restore
            _phases[DrillPhases.Restore] = _phaseClock.Elapsed.TotalSeconds;
            await ReplayBinlogsAsync(sandbox, artifact, cancellationToken);
            return (bytes, sandbox);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <c>restore_test.replay_binlogs</c>: after the restore, before the checks, the set's server's retained binlogs
    /// are replayed from the artifact's coordinates for the span, so that the checks see the replayed rows and the
    /// point-in-time window is proven rather than inferred. Its time counts in the restore phase.
    /// </summary>
    private async Task ReplayBinlogsAsync(SandboxServer sandbox, ArtifactObservation artifact, CancellationToken cancellationToken)
    {
        if (Settings.ReplayBinlogs is not { } span)
            return;
        var server = request.Config.Servers.SingleOrDefault(s => s.Name == Set.Server);
        if (server?.BinlogDirectory is not { } binlogs)
            throw new DrillFailedException(DrillPhases.Restore,
                $"replay_binlogs is set, but the set's server "
                    + $"{(Set.Server is null ? "is not configured" : $"{Set.Server} has no binlog_directory")}: no binlogs to replay");
        // The replay is part of the restore phase: on a failure, Stopped() counts the restore phase up to it.
        _phases.Remove(DrillPhases.Restore);
        var result = _replay = await BinlogReplay.RunAsync(new BinlogReplayRequest(Set, artifact.Path, binlogs, sandbox.SocketPath,
            span), cancellationToken);
        _phases[DrillPhases.Restore] = _phaseBefore + _phaseClock.Elapsed.TotalSeconds;
        _notes.Add($"replayed {result.Events} binlog events ({result.Transactions} transactions) from {string.Join(", ", result.Files)}"
            + (result.ReachedTime is { } reached ? $", up to {reached:u}" : ", none within the span"));
    }

    /// <summary>
    /// Where the backup records its own row counts (mydumper 0.11+, MySQL Shell), a table restored with fewer rows
    /// fails the drill even without a previous drill to compare with; not after a binlog replay, which changes them.
    /// </summary>
    private string? RecordedLoss(ArtifactObservation artifact, IReadOnlyList<DrillSchemaCount> schemas)
    {
        RecordedRowCounts.Counts? recorded;
        try
        {
            recorded = RecordedRowCounts.Read(Set.Kind, artifact.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _notes.Add($"the backup's own row counts were not compared: {e.Message}");
            return null;
        }
        if (recorded is null)
            return null;
        if (Settings.ReplayBinlogs is not null)
        {
            _notes.Add($"the backup's own row counts ({recorded.Source}) were not compared: binlogs were replayed onto the copy");
            return null;
        }
        var losses = RecordedRowCounts.Losses(recorded, schemas);
        if (losses.Count == 0)
        {
            _notes.Add($"the rows of {recorded.Rows.Count} tables match the backup's own counts ({recorded.Source})");
            return null;
        }
        return $"the restored copy has fewer rows than the backup records ({recorded.Source}): {string.Join("; ", losses.Take(10))}"
            + (losses.Count > 10 ? $"; and {losses.Count - 10} more tables" : "");
    }

    /// <summary>Full CHECK TABLE where the pages came from the backup (physical), QUICK where the sandbox wrote them.</summary>
    internal static TableCheck TableCheckOf(BackupKind kind, bool checkTables) =>
        !checkTables ? TableCheck.Off : RestoreFormats.Of(kind)?.TableCheck ?? TableCheck.Off;

    private async Task<(IReadOnlyList<DrillSchemaCount>, IReadOnlyList<DrillCheckResult>)> VerifyAsync(RestoreFormat format,
        SandboxServer sandbox, CancellationToken cancellationToken)
    {
        var schemas = await RestoredVerifier.CountAsync(sandbox.ConnectionString, Settings.CheckTables ? format.TableCheck
            : TableCheck.Off, cancellationToken);
        await using var connection = new MySqlConnection(sandbox.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var checks = await RestoredVerifier.RunChecksAsync(connection, Settings.Checks, cancellationToken);
        return (schemas.Where(s => s.Tables > 0 || s.Schema != DatabaseName()).ToList(), checks);
    }

    /// <summary>The database a dump without CREATE DATABASE is loaded into: the set's name, so checks can name it.</summary>
    private string DatabaseName() => Set.Name.Length <= 64 ? Set.Name : Set.Name[..64];

    private DrillRecord Record(DateTimeOffset started, DrillVerdict verdict, string? error, string? phase, ArtifactObservation? artifact,
        long restoredBytes, IReadOnlyList<DrillSchemaCount> schemas, IReadOnlyList<DrillCheckResult> checks)
    {
        foreach (var p in DrillPhases.All)
            _phases.TryAdd(p, 0);
        return new DrillRecord(Set.Name, Set.Kind.Word(), verdict, error, phase, artifact?.Path, artifact?.Time,
            started, clock.GetUtcNow(),
            new Dictionary<string, double>(_phases), restoredBytes, schemas, checks)
        {
            Skipped = [.. _skipped],
            Notes = [.. _notes],
            // The restore time fit's evidence, and what the earlier drills predicted for this one (its accuracy, on record).
            ArtifactBytes = artifact?.SizeBytes,
            ServerStartSeconds = _serverStart?.TotalSeconds,
            BinlogBytes = _replay?.Bytes ?? 0,
            BinlogSeconds = _replay?.Duration.TotalSeconds,
            ReplayedTo = _replay?.ReachedTime,
            PredictedSeconds = artifact is null ? null : RestorePrediction.Predict(history.Load(Set.Name).History.Passed,
                artifact.SizeBytes, _replay?.Bytes ?? 0)?.Duration.TotalSeconds,
        };
    }

    private DrillResult Recorded(DrillRecord record) => new(record, null, _notes);

    private DrillResult Refuse(string reason) => new(null, reason, _notes);
}
