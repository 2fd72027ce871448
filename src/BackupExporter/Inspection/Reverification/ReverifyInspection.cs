using BackupExporter.Configuration;
using BackupExporter.Inspection.Verification;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// The rotating re-verification of one set, an inspection of its own beside the set's: new artifacts and scrapes never
/// wait for it. Each round it takes the retained artifacts from the set's newest observation, brings the digest
/// ledger in line, and reads files whole again, oldest verification first, on its own thread at idle I/O priority
/// and under the byte-rate limit. The pace spreads one full pass over the period: each round may read the retained
/// bytes × the time since the last round ÷ the period, and a file whose last verification is a period old is read
/// whatever the pace (the rate limit still holds).
/// </summary>
internal sealed class ReverifyInspection : IInspection
{
    private readonly BackupSetConfig _set;
    private readonly ReverifyConfig _config;
    private readonly Func<BackupSetObservation?> _localSet;
    private readonly DigestLedger _ledger;
    private readonly TimeProvider _clock;
    private readonly Action<long> _countBytesRead;
    private readonly Action<string> _warn;
    private readonly ByteRateLimit _limit;
    private string? _problem;
    private bool _priorityWarned;

    public ReverifyInspection(BackupSetConfig set, ReverifyConfig config, Func<BackupSetObservation?> localSet, DigestLedger ledger,
        string? ledgerProblem, TimeProvider clock, Action<long> countBytesRead, Action<string> warn)
    {
        _set = set;
        _config = config;
        _localSet = localSet;
        _ledger = ledger;
        _problem = ledgerProblem;
        _clock = clock;
        _countBytesRead = countBytesRead;
        _warn = warn;
        _limit = new ByteRateLimit(config.MaxBytesPerSecond, clock);
        if (ledgerProblem is not null)
            warn(ledgerProblem);
    }

    public string Name => InspectionNames.Reverify(_set.Name);

    /// <summary>Often enough to spread the period finely, rarely enough to cost nothing: a thousandth of it, 1 s to 1 min.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Clamp(_config.Period.Ticks / 1000, TimeSpan.TicksPerSecond,
        TimeSpan.TicksPerMinute));

    /// <summary>A round ends after the file it is reading: a large one at a low rate may take long, and that is no failure.</summary>
    public TimeSpan Timeout => DurationParser.LongestTimer;

    /// <summary>Stops picking further files after one interval, so that the figures are published about that often.</summary>
    private TimeSpan RoundBudget => Interval;

    public Task<IObservation> RunAsync(CancellationToken cancellationToken) =>
        // A thread of its own, so that its I/O priority applies to these reads alone.
        Task.Factory.StartNew<IObservation>(() => Round(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private ReverifyObservation Round(CancellationToken cancellationToken)
    {
        if (IoPriority.SetIdleForThisThread() is { } why && !_priorityWarned)
        {
            _priorityWarned = true;
            _warn($"re-verification of backup set {_set.Name} reads at normal I/O priority: {why}");
        }
        var now = _clock.GetUtcNow();
        var started = _clock.GetTimestamp();
        if (_ledger.ReadOnly || _localSet() is not { } local)
            return Summary(now); // one round of verify shows what is saved; or the set's own inspection has not listed it yet
        // An artifact the set's inspection sees changing this round (in progress) keeps its entries as they are: dropping
        // them would make its changed files' next read their "first" digest, and a change would pass unnoticed.
        var held = local.Artifacts.Where(a => a.InProgress).Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        _ledger.Sync(Retained(local, cancellationToken), now, held);
        var total = _ledger.Files.Values.Sum(f => f.Size);
        var since = now - (_ledger.LastRun is { } last && last <= now ? last : now - Interval);
        _ledger.Credit = Math.Min(total, _ledger.Credit + total * (since / _config.Period));
        _ledger.LastRun = now;

        foreach (var (path, entry) in _ledger.Files.OrderBy(f => f.Value.LastRead ?? DateTimeOffset.MinValue)
            .ThenBy(f => f.Key, StringComparer.Ordinal).ToList())
        {
            var age = entry.LastRead is { } read ? now - read : TimeSpan.MaxValue;
            var overdue = age >= _config.Period - Interval;
            if (!overdue && (_ledger.Credit <= 0 || age < Interval))
                break; // oldest first: the rest are younger still
            if (cancellationToken.IsCancellationRequested || _clock.GetElapsedTime(started) > RoundBudget)
                break;
            var result = Reread.Read(path, entry.Algorithm ?? ChecksumSidecars.Name(ChecksumAlgorithm.Sha256), _limit, cancellationToken);
            _countBytesRead(result.BytesRead);
            _ledger.Credit -= result.BytesRead;
            switch (result.Outcome)
            {
                case RereadOutcome.Read:
                    _ledger.Record(entry, entry.Algorithm ?? "sha256", result.Hex!, _clock.GetUtcNow());
                    break;
                case RereadOutcome.Unsettled:
                    _ledger.Unsettled(entry);
                    break;
                case RereadOutcome.Failed:
                    _ledger.Failed(entry, result.Problem!);
                    break;
                case RereadOutcome.Gone:
                    break; // the next round's listing drops it
            }
        }
        _ledger.Credit = Math.Max(0, _ledger.Credit); // reads of overdue files are not paid back: they were owed
        var saveProblem = _ledger.Save(_clock.GetUtcNow());
        if (saveProblem is not null && saveProblem != _problem)
            _warn(saveProblem);
        _problem = saveProblem ?? (_problem?.StartsWith("cannot write", StringComparison.Ordinal) == true ? null : _problem);
        return Summary(_clock.GetUtcNow());
    }

    /// <summary>Every file of every finished artifact the set's inspection lists now.</summary>
    private static List<RetainedFile> Retained(BackupSetObservation local, CancellationToken cancellationToken)
    {
        var files = new List<RetainedFile>(local.Artifacts.Count);
        foreach (var artifact in local.Artifacts)
        {
            if (artifact.InProgress)
                continue;
            if (!Directory.Exists(artifact.Path))
            {
                files.Add(new RetainedFile(artifact.Path, artifact.Path, artifact.SizeBytes, artifact.Digest, artifact.RecordedTime));
                continue;
            }
            var walk = DirectoryWalk.Walk(artifact.Path, cancellationToken);
            foreach (var file in walk.Files)
                files.Add(new RetainedFile(Path.Combine(artifact.Path, file.RelativePath), artifact.Path, file.SizeBytes, null,
                    artifact.RecordedTime));
        }
        return files;
    }

    private ReverifyObservation Summary(DateTimeOffset now)
    {
        var since = now - _config.Period;
        int artifacts = 0, verifiedArtifacts = 0;
        long bytes = 0, verifiedBytes = 0;
        DateTimeOffset? oldest = null;
        var changed = new List<ChangedArtifact>();
        foreach (var group in _ledger.Files.GroupBy(f => f.Value.Artifact, StringComparer.Ordinal))
        {
            artifacts++;
            var all = true;
            ChangedArtifact? change = null;
            foreach (var (path, entry) in group)
            {
                bytes += entry.Size;
                var verified = entry.LastRead >= since && !entry.Changed;
                if (verified)
                    verifiedBytes += entry.Size;
                all &= verified;
                if (oldest is null || entry.VerifiedOrSeen < oldest)
                    oldest = entry.VerifiedOrSeen;
                if (change is null
                    && entry is { ChangedDigest: { } newDigest, ChangedAt: { } at, Digest: { } first, FirstRead: { } firstRead })
                    change = new ChangedArtifact(group.Key, path, entry.Algorithm ?? "sha256", first, firstRead, newDigest, at);
            }
            if (all)
                verifiedArtifacts++;
            if (change is not null)
                changed.Add(change);
        }
        changed.Sort((a, b) => string.CompareOrdinal(a.Artifact, b.Artifact));
        return new ReverifyObservation(_set.Name, now, _config.Period, artifacts, verifiedArtifacts, bytes, verifiedBytes, oldest,
            changed, [.. _ledger.Gone.OrderBy(g => g.LastSeen)], _limit.Taken, _problem);
    }
}
