using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Inspection.Cadence;
using BackupExporter.Inspection.Volume;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.BackupSets;

/// <summary>
/// Inspects a <c>kind: mysqldump</c> backup set: lists the files matching the pattern, verifies each finished
/// one once per (path, size, mtime), judges sizes against the previous good artifact, and reads the volume.
/// </summary>
internal sealed class MysqldumpSetInspector : IInspection
{
    private readonly BackupSetConfig _set;
    private readonly TimeProvider _clock;
    private readonly Action<long> _countBytesRead;
    private readonly DateTimeOffset _watchingSince;

    // Verifications of finished files: an unchanged artifact is never read again. Runs never overlap (the
    // scheduler waits for a timed-out run to end), so plain collections suffice.
    private readonly Dictionary<FileIdentity, DumpVerification> _verified = new();

    // Size and mtime seen by the previous round: a file that changed since then is still being written.
    private Dictionary<string, FileIdentity> _previousRound = new();

    public MysqldumpSetInspector(BackupSetConfig set, TimeProvider clock, Action<long> countBytesRead)
    {
        _set = set;
        _clock = clock;
        _countBytesRead = countBytesRead;
        _watchingSince = clock.GetUtcNow();
    }

    public BackupSetConfig Config => _set;

    public string Name => InspectionNames.Backup(_set.Name);

    public TimeSpan Interval => _set.Interval;

    public TimeSpan Timeout => _set.Timeout;

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) =>
        Task.Run<IObservation>(() => Inspect(cancellationToken), cancellationToken);

    public BackupSetObservation Inspect(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var (files, pathProblem) = ArtifactListing.List(_set.Path, _set.Pattern);
        var thisRound = new Dictionary<string, FileIdentity>();
        var artifacts = new List<ArtifactObservation>(files.Count);

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var identity = new FileIdentity(file.Path, file.SizeBytes, file.ModifiedTime.UtcTicks);
            thisRound[file.Path] = identity;
            var artifact = Observe(file, identity, now, cancellationToken);
            if (artifact is not null)
                artifacts.Add(artifact);
        }

        // Forget verifications of files that are gone or changed, so the cache cannot grow without bound.
        foreach (var key in _verified.Keys.ToList())
            if (!thisRound.TryGetValue(key.Path, out var current) || current != key)
                _verified.Remove(key);
        _previousRound = thisRound;

        var judged = SizeJudgement.Apply(artifacts, _set.MinSizeBytes, _set.MaxShrink);
        var (volume, volumeProblem) = pathProblem is null ? VolumeProbe.Probe(_set.Path) : (null, null);
        var lastSuccess = judged.LastOrDefault(a => a.Status == ArtifactStatus.Ok)?.ModifiedTime;
        return new BackupSetObservation(
            _set.Name, now, pathProblem, judged, volume, volumeProblem,
            ScheduleDeadline.Next(_set, lastSuccess, _watchingSince));
    }

    private ArtifactObservation? Observe(ListedFile file, FileIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        if (file.ListingProblem is not null)
            return Unreadable(file, file.ListingProblem);

        var changedSinceLastRound = _previousRound.TryGetValue(file.Path, out var before) && before != identity;
        if (StillBeingWritten.Check(changedSinceLastRound, file.Path, file.SizeBytes, file.ModifiedTime, now, _set.SettleTime) is { } inProgress)
            return inProgress;

        if (file.SizeBytes == 0)
            return EmptyArtifact.Observe(file.Path, file.ModifiedTime);

        if (!_verified.TryGetValue(identity, out var verification))
        {
            try
            {
                verification = MysqldumpVerifier.Verify(file.Path, _set.Checksum, ct);
            }
            catch (FileNotFoundException) when (!file.Path.Contains('\uFFFD'))
            {
                return null; // deleted between listing and reading, e.g. by retention: simply gone
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not cached: fixing the permission must show at the next round.
                return Unreadable(file, ReadProblem.Describe(file.Path, e));
            }
            _countBytesRead(verification.BytesRead);
            _verified[identity] = verification;
        }

        return new ArtifactObservation(file.Path, file.SizeBytes, file.ModifiedTime, ArtifactStatus.Failed,
            verification.Checks, verification.Facts, verification.Compression);
    }

    private ArtifactObservation Unreadable(ListedFile file, string problem)
    {
        var checks = new Dictionary<string, CheckResult>
        {
            [CheckNames.Complete] = CheckResult.Fail(problem),
            [CheckNames.Compression] = CheckResult.Fail(problem),
        };
        if (_set.Checksum != ChecksumMode.None)
            checks[CheckNames.Checksum] = CheckResult.Fail(problem);
        return new ArtifactObservation(file.Path, file.SizeBytes, file.ModifiedTime, ArtifactStatus.Failed,
            checks, null, CompressionFormat.None);
    }

    private readonly record struct FileIdentity(string Path, long SizeBytes, long ModifiedTicks);
}
