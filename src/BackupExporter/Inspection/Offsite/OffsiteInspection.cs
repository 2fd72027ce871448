using System.Diagnostics;
using System.Text.Json;
using BackupExporter.Configuration;
using BackupExporter.Inspection.BackupSets;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// Checks one remote of a backup set, on the remote's own (slower) interval: one <c>rclone lsjson -R</c> per round
/// (with the one shared hash type when <c>verify: hash</c>), compared with the set's local good artifacts as its own
/// inspection last saw them. Hashes of local files are cached by file identity; downloads by remote object identity.
/// A failed listing is reported (<see cref="OffsiteObservation.Up"/> false) with the previous comparison kept.
/// </summary>
internal sealed class OffsiteInspection : IInspection
{
    private static readonly TimeSpan LocalWaitPoll = TimeSpan.FromMilliseconds(200);

    private readonly BackupSetConfig _set;
    private readonly OffsiteConfig _remote;
    private readonly Func<BackupSetObservation?> _localSet;
    private readonly TimeProvider _clock;
    private readonly CopyComparison _comparison;
    private readonly DownloadCheck _download;
    private readonly string? _readsFile;
    private readonly StateAccess _stateAccess;
    private string? _readsWarning;
    private (bool Known, string? Type) _hashType;
    private OffsiteObservation? _previous;

    public OffsiteInspection(BackupSetConfig set, OffsiteConfig remote, Func<BackupSetObservation?> localSet, TimeProvider clock,
        Action<long> countBytesRead, string? readsFile = null, StateAccess? stateAccess = null)
    {
        _set = set;
        _remote = remote;
        _localSet = localSet;
        _clock = clock;
        _download = new DownloadCheck((path, read, token) => Rclone(["cat", Join(remote.Remote, path)], read, token));
        _comparison = new CopyComparison(new LocalHashes(countBytesRead), _download);
        // With reverify on, downloaded copies join the set's rotation, and when each was read survives a restart.
        _download.Period = set.Reverify?.Period;
        _readsFile = readsFile;
        _stateAccess = stateAccess ?? StateAccess.OwnerOnly;
        if (readsFile is not null)
        {
            var (reads, warning) = CopyReadFile.Load(readsFile, remote.Remote);
            _download.Restore(reads);
            _readsWarning = warning;
        }
    }

    public string Name => InspectionNames.Offsite(_set.Name, _remote.Name);

    public TimeSpan Interval => _remote.Interval;

    public TimeSpan Timeout => _remote.Timeout;

    public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
    {
        var local = await LocalSetAsync(cancellationToken);
        var warnings = RcloneConfigFile.Warnings(_remote.RcloneConfig);
        var started = Stopwatch.GetTimestamp();
        // rclone is stopped a little before the scheduler's deadline: a remote that hangs is the remote's state
        // (offsite_up 0, with the reason), not a failure of the exporter's inspection.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_remote.Timeout - Margin(_remote.Timeout));
        try
        {
            return await RoundAsync(local, warnings, started, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var waited = DurationParser.Format(_remote.Timeout - Margin(_remote.Timeout));
            return _previous = Down($"rclone did not finish within {waited} (timeout {DurationParser.Format(_remote.Timeout)}): the remote "
                + $"is slow or unreachable; rclone was stopped",
                Stopwatch.GetElapsedTime(started), warnings);
        }
    }

    private static TimeSpan Margin(TimeSpan timeout) => TimeSpan.FromMilliseconds(Math.Min(5000, timeout.TotalMilliseconds / 10));

    private async Task<OffsiteObservation> RoundAsync(BackupSetObservation local, IReadOnlyList<string> warnings, long started,
        CancellationToken cancellationToken)
    {
        try
        {
            var hashType = _remote.Verify == OffsiteVerify.Hash ? await HashTypeAsync(cancellationToken) : null;
            var (listing, note) = await ListAsync(hashType, cancellationToken);
            var listed = Stopwatch.GetElapsedTime(started);
            _download.StartRound(_remote.DownloadLimitBytes ?? 0, _clock.GetUtcNow());
            _download.Retain(listing.Objects);
            var good = ArtifactVerdicts.Judge(local.Artifacts, _set).Where(a => a.Status == ArtifactStatus.Ok)
                .Select(a => a.Observation).Reverse().ToList();
            var copies = await _comparison.CompareAsync(_set.Path, good, listing, _remote.Verify, hashType, cancellationToken);
            var (verifiedBy, verifyNote) = Verification(hashType, listing);
            if (_download.Skipped > 0)
                verifyNote = $"{_download.Skipped} object(s) compared by size only this round: download_limit reached";
            else if (_download.Deferred > 0)
                verifyNote = $"{_download.Deferred} copy(ies) due for a re-read wait for a later round: download_limit reached";
            warnings = SaveReads(warnings);
            return _previous = Summarise(copies, listing, listed, verifiedBy, verifyNote ?? note, warnings);
        }
        catch (OffsiteException e)
        {
            return _previous = Down(e.Message, Stopwatch.GetElapsedTime(started), warnings);
        }
    }

    /// <returns>the round's warnings, with why the download record could not be read or written</returns>
    private List<string> SaveReads(IReadOnlyList<string> warnings)
    {
        var problems = new List<string>(warnings);
        if (_readsWarning is not null)
            problems.Add(_readsWarning);
        _readsWarning = null;
        if (_readsFile is not null && _download.Dirty)
        {
            if (CopyReadFile.Save(_readsFile, _remote.Remote, _download.Reads, _stateAccess) is { } problem)
                problems.Add(problem);
            else
                _download.Saved();
        }
        return problems;
    }

    public IObservation? TimedOut(string reason, DateTimeOffset at) =>
        _previous = Down($"rclone did not finish: {reason} (the remote is slow or unreachable; rclone was stopped)",
            _remote.Timeout, [], at);

    /// <summary>The set's own inspection runs first; the first round waits for it (the scheduler's timeout bounds the wait).</summary>
    private async Task<BackupSetObservation> LocalSetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_localSet() is { } local)
                return local;
            await Task.Delay(LocalWaitPoll, _clock, cancellationToken);
        }
    }

    private async Task<(RemoteListing Listing, string? Note)> ListAsync(string? hashType, CancellationToken cancellationToken)
    {
        string[] command = hashType is null
            ? ["lsjson", "-R", "--files-only", "--no-mimetype", _remote.Remote]
            : ["lsjson", "-R", "--files-only", "--no-mimetype", "--hash-type", hashType, _remote.Remote];
        RemoteListing? listing = null;
        var result = await Rclone(command, async (stdout, token) => listing = await RemoteListing.ReadAsync(stdout, hashType,
            token), cancellationToken);
        if (result.ExitCode == 3)
            return (new RemoteListing(), $"{_remote.Remote} does not exist yet on the remote: nothing has been copied");
        if (!result.Ok || listing is null)
            throw new OffsiteException(result.Describe("lsjson"));
        return (listing, null);
    }

    /// <summary>The first hash the remote keeps that the exporter can compute too; asked once (it costs a call).</summary>
    private async Task<string?> HashTypeAsync(CancellationToken cancellationToken)
    {
        if (_hashType.Known)
            return _hashType.Type;
        string[] hashes = [];
        var result = await Rclone(["backend", "features", _remote.Remote], async (stdout, token) =>
        {
            using var document = await JsonDocument.ParseAsync(stdout, cancellationToken: token);
            if (document.RootElement.TryGetProperty("Hashes", out var list) && list.ValueKind == JsonValueKind.Array)
                hashes = list.EnumerateArray().Select(h => h.GetString() ?? "").ToArray();
        }, cancellationToken);
        if (!result.Ok)
            throw new OffsiteException(result.Describe("backend features"));
        _hashType = (true, LocalHashes.Supported.FirstOrDefault(hashes.Contains));
        return _hashType.Type;
    }

    private (string By, string? Note) Verification(string? hashType, RemoteListing listing) => _remote.Verify switch
    {
        OffsiteVerify.Hash when hashType is null =>
            ("size", "verify: hash, but the remote keeps no hash the exporter can compute (md5, sha1, sha256), as with crypt and WebDAV: "
                + "compared by size only"),
        OffsiteVerify.Hash when !listing.AnyHash && listing.Objects.Count > 0 =>
            ("size", $"verify: hash, but the remote listed no {hashType} for any object: compared by size only"),
        OffsiteVerify.Hash => (hashType!, null),
        OffsiteVerify.Download => ("download", null),
        _ => ("size", null),
    };

    private OffsiteObservation Summarise(IReadOnlyList<ArtifactCopy> copies, RemoteListing listing, TimeSpan listed, string verifiedBy,
        string? verifyNote, IReadOnlyList<string> warnings)
    {
        var now = _clock.GetUtcNow();
        var newestCopied = copies.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.State == CopyState.Copied);
        var behind = newestCopied.c is null ? copies : copies.Take(newestCopied.i).ToList();
        DateTimeOffset? lagSince = behind.Count == 0 ? null : behind[^1].End;
        return new OffsiteObservation
        {
            Backup = _set.Name,
            Remote = _remote.Name,
            ObservedAt = now,
            Up = true,
            Objects = listing.Objects.Count,
            Bytes = listing.Bytes,
            ListDuration = listed,
            Artifacts = copies,
            LastCopy = newestCopied.c?.End,
            LagSince = lagSince,
            Missing = copies.Count(c => c.State == CopyState.Missing && c.End < now - _remote.MaxLag),
            Mismatched = copies.Count(c => c.State == CopyState.Mismatched),
            VerifiedBy = verifiedBy,
            VerifyNote = verifyNote,
            DownloadedBytes = _download.DownloadedThisRound,
            Warnings = warnings,
        };
    }

    private OffsiteObservation Down(string error, TimeSpan listed, IReadOnlyList<string> warnings, DateTimeOffset? at = null)
    {
        var previous = _previous;
        var now = at ?? _clock.GetUtcNow();
        return previous is null
            ? new OffsiteObservation
            {
                Backup = _set.Name, Remote = _remote.Name, ObservedAt = now, Up = false, Error = error, ListDuration = listed,
                VerifiedBy = "size", Warnings = warnings,
            }
            : previous with { ObservedAt = now, Up = false, Error = error, ListDuration = listed,
                DownloadedBytes = 0, Warnings = warnings };
    }

    private Task<RcloneResult> Rclone(IEnumerable<string> command, Func<Stream, CancellationToken, Task> read,
        CancellationToken cancellationToken) =>
        RcloneProcess.RunAsync(_remote.RcloneConfig, _remote.Timeout, command, read, cancellationToken);

    /// <summary>remote:dir + a/b → remote:dir/a/b (rclone's own syntax; a bare remote: needs no slash).</summary>
    public static string Join(string remote, string relative) =>
        remote.EndsWith(':') || remote.EndsWith('/') ? remote + relative : remote + "/" + relative;
}
