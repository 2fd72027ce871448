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
    private string _phase = DrillPhases.Fetch;

    private BackupSetConfig Set => request.Set;

    private RestoreTestConfig Settings => request.Settings;

    public async Task<DrillResult> RunAsync(CancellationToken cancellationToken)
    {
        if (RestoreFormats.Of(Set.Kind) is not { } format)
            return Refuse($"a {Set.Kind.Word()} set has no artifact to restore (its backups are rows of {Set.Kind.HistoryTable()})");
        var started = clock.GetUtcNow();
        if (format.Unsupported() is { } reason)
            return Recorded(Record(started, DrillVerdict.Unsupported, reason, null, null, 0, [], []));

        var (area, busy) = AcquireScratch();
        if (area is null)
            return Refuse(busy!);
        using (area)
        {
            if (BackupRunning.Reason(Set) is { } running)
                return Refuse(running);
            var observation = await ObserveAsync(cancellationToken);
            var judged = ArtifactVerdicts.Judge(observation.Artifacts, Set);
            if (judged.LastOrDefault(a => a.Status == ArtifactStatus.InProgress) is { } writing)
                return Refuse($"the set's backup is being written ({writing.Observation.Path}); a drill does not compete with it");
            if (judged.LastOrDefault(a => a.Status == ArtifactStatus.Ok)?.Observation is not { } artifact)
                return Recorded(Record(started, DrillVerdict.Failed,
                    observation.PathProblem ?? $"no good artifact in {Set.Path} to restore (newest: "
                        + $"{judged.LastOrDefault(a => a.Status != ArtifactStatus.InProgress)?.FirstFailure?.Value.Detail ?? "none"})",
                    DrillPhases.Fetch, null, 0, [], []));
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
        var total = Stopwatch.StartNew();
        SandboxServer? sandbox = null;
        try
        {
            var (restoredBytes, server) = await RestoreAsync(format, artifact, sandboxDirectory, timeout.Token);
            sandbox = server;
            _phase = DrillPhases.Verify;
            var verify = Stopwatch.StartNew();
            var (schemas, checks) = await VerifyAsync(format, sandbox, timeout.Token);
            _phases[DrillPhases.Verify] = verify.Elapsed.TotalSeconds;
            _phases[DrillPhases.Total] = total.Elapsed.TotalSeconds;
            if (sandbox.PeakResidentBytes() is { } peak)
                _notes.Add($"sandbox server peak resident memory {ByteSizeParser.FormatHuman(peak)} (address-space "
                    + $"cap {ByteSizeParser.FormatHuman(request.MemoryLimit)})");
            var failedCheck = checks.FirstOrDefault(c => !c.Ok);
            var collapse = RestoredVerifier.Collapse(schemas, history.Load(Set.Name).History.LastSuccess, Settings.MaxShrink
                ?? RestoreTestConfigReader.DefaultMaxShrink);
            var error = failedCheck is not null ? $"check {failedCheck.Sql}: {failedCheck.Error}" : collapse;
            if (Set.Rto is { } rto && total.Elapsed > rto)
                _notes.Add($"the restore took {total.Elapsed.TotalSeconds:0}s, longer than the rto of {rto.TotalSeconds:0}s");
            return Record(started, error is null ? DrillVerdict.Ok : DrillVerdict.Failed, error, error is null ? null : DrillPhases.Verify,
                artifact, restoredBytes, schemas, checks);
        }
        catch (DrillFailedException e)
        {
            _phases[DrillPhases.Total] = total.Elapsed.TotalSeconds;
            return Record(started, DrillVerdict.Failed, e.Message, e.Phase, artifact, 0, [], []);
        }
        catch (DrillUnsupportedException e)
        {
            _phases[DrillPhases.Total] = total.Elapsed.TotalSeconds;
            return Record(started, DrillVerdict.Unsupported, e.Message, null, artifact, 0, [], []);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _phases[DrillPhases.Total] = total.Elapsed.TotalSeconds;
            return Record(started, DrillVerdict.Failed,
                $"timed out after {DurationParser.Format(Settings.Timeout)} (restore_test.timeout) during {_phase}; the sandbox was killed "
                    + $"and removed", _phase, artifact, 0, [], []);
        }
        catch (MySqlException e)
        {
            _phases[DrillPhases.Total] = total.Elapsed.TotalSeconds;
            return Record(started, DrillVerdict.Failed, $"the sandbox server: ERROR {e.Number}: {e.Message}", _phase, artifact, 0, [], []);
        }
        finally
        {
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
        var restore = Stopwatch.StartNew();
        if (format.Load is not { } load)
        {
            _phase = DrillPhases.Fetch;
            var prepared = await PhysicalRestore.PrepareAsync(new PhysicalRestoreRequest(Set, artifact.Path,
                Path.Combine(directory, "work"), dataDirectory), cancellationToken);
            _phases[DrillPhases.Fetch] = prepared.Fetch.TotalSeconds;
            _phase = DrillPhases.Restore;
            var started = Stopwatch.StartNew();
            var server = await SandboxServer.StartAsync(directory, dataDirectory, request.MemoryLimit, skipGrants: true, cancellationToken);
            _phases[DrillPhases.Restore] = (prepared.Restore + started.Elapsed).TotalSeconds;
            await ReplayBinlogsAsync(server, artifact, cancellationToken);
            return (prepared.RestoredBytes, server);
        }

        _phase = DrillPhases.Restore;
        await SandboxServer.InitialiseAsync(directory, dataDirectory, cancellationToken);
        var sandbox = await SandboxServer.StartAsync(directory, dataDirectory, request.MemoryLimit, skipGrants: false, cancellationToken);
        try
        {
            var (bytes, fetch) = await load(artifact, sandbox, DatabaseName(), decoders, cancellationToken);
            _phases[DrillPhases.Fetch] = fetch.TotalSeconds; // a dump's decoding overlaps its load: also included in restore
            _phases[DrillPhases.Restore] = restore.Elapsed.TotalSeconds;
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
        var replay = Stopwatch.StartNew();
        var result = await BinlogReplay.RunAsync(new BinlogReplayRequest(Set, artifact.Path, binlogs, sandbox.SocketPath,
            span), cancellationToken);
        _phases[DrillPhases.Restore] = _phases.GetValueOrDefault(DrillPhases.Restore) + replay.Elapsed.TotalSeconds;
        _notes.Add($"replayed {result.Events} binlog events ({result.Transactions} transactions) from {string.Join(", ", result.Files)}"
            + (result.ReachedTime is { } reached ? $", up to {reached:u}" : ", none within the span"));
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
        return new DrillRecord(Set.Name, Set.Kind.Word(), verdict, error, phase, artifact?.Path, artifact?.ModifiedTime,
            started, clock.GetUtcNow(),
            new Dictionary<string, double>(_phases), restoredBytes, schemas, checks);
    }

    private DrillResult Recorded(DrillRecord record) => new(record, null, _notes);

    private DrillResult Refuse(string reason) => new(null, reason, _notes);
}
