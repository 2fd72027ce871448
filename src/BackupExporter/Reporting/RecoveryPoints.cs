using BackupExporter.Inspection;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Reporting;

/// <summary>
/// Decides a set's recovery point in each scope, once per verdict (<see cref="SetVerdicts.Decide"/>), from its good
/// artifacts, its server's retained binlogs, the server's binlog archive, its off-site copies and its drill history.
/// Pure. The binlog sequence and gap rules are <see cref="PitrCoverage"/>'s.
/// </summary>
internal static class RecoveryPoints
{
    /// <param name="good">the set's good artifacts, oldest first</param>
    /// <param name="pitr">the PITR verdict of the newest good artifact: why the server's binlogs do not reach now, when they do not</param>
    public static SetRecovery Of(IReadOnlyList<ArtifactObservation> good, ServerObservation? server, BinlogArchiveObservation? archive,
        PitrResult? pitr, IReadOnlyList<OffsiteObservation?>? offsite, DrillObservation? drill)
    {
        var live = LiveBinlogs(server);
        var local = Local(good, live, server, archive, pitr);
        var remote = offsite is null ? null : Offsite(good, offsite, archive);
        var proven = Proven(good, drill);
        var history = drill?.History.Passed ?? [];
        var restore = local.Time is null ? null : RestorePrediction.Predict(history, local.ArtifactBytes, local.BinlogBytes);
        return new SetRecovery(local, remote, proven, restore);
    }

    /// <summary>The server's retained binlogs when they can be relied on: it is up, logs binary, and listed them.</summary>
    private static IReadOnlyList<BinlogFile>? LiveBinlogs(ServerObservation? server) =>
        server is { Up: true, BinlogEnabled: not false, Binlogs: { Count: > 0 } binlogs } ? binlogs : null;

    private static RecoveryPoint Local(IReadOnlyList<ArtifactObservation> good, IReadOnlyList<BinlogFile>? live, ServerObservation? server,
        BinlogArchiveObservation? archive, PitrResult? pitr)
    {
        if (good.Count == 0)
            return RecoveryPoint.None(RecoveryScope.Local, "there is no good artifact to restore from");
        RecoveryPoint? best = null;
        // Newest first: an older artifact wins only when its binlogs reach further than the newer one's.
        for (var i = good.Count - 1; i >= 0; i--)
        {
            var point = Extend(good[i], RecoveryScope.Local, live, server, archive, offsiteOnly: false);
            if (best is null || point.Time > best.Time)
                best = point;
            if (best.Live)
                break;
        }
        return best!.Extension == RecoveryExtension.None && pitr is { Ok: false, Reason: { } why }
            ? best with { Note = why }
            : best;
    }

    /// <summary>
    /// The newest good artifact with an intact copy on at least one remote, at its own point, extended only by archived
    /// binlogs that are off-site too: the server's own binlogs die with the host.
    /// </summary>
    private static RecoveryPoint Offsite(IReadOnlyList<ArtifactObservation> good, IReadOnlyList<OffsiteObservation?> remotes,
        BinlogArchiveObservation? archive)
    {
        var copied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var remote in remotes)
            foreach (var copy in remote?.Artifacts ?? [])
                if (copy.State == CopyState.Copied)
                    copied.Add(copy.Name);
        RecoveryPoint? best = null;
        for (var i = good.Count - 1; i >= 0; i--)
        {
            if (!copied.Contains(good[i].Name))
                continue;
            var point = Extend(good[i], RecoveryScope.Offsite, live: null, server: null, archive, offsiteOnly: true);
            if (best is null || point.Time > best.Time)
                best = point;
        }
        return best ?? RecoveryPoint.None(RecoveryScope.Offsite, remotes.Any(r => r is not null)
            ? "no good artifact has an intact copy on any remote"
            : "the remotes have not been checked yet");
    }

    /// <summary>
    /// The artifact of the newest drill that passed, while it is still retained and good; the drill history keeps the
    /// newest success apart from the newest drill, so a failed drill of a newer artifact leaves the previous proven one in
    /// place. A later failed drill of that same artifact proves it no longer.
    /// </summary>
    private static RecoveryPoint Proven(IReadOnlyList<ArtifactObservation> good, DrillObservation? drill)
    {
        if (drill?.History.LastSuccess is not { } passed)
            return RecoveryPoint.None(RecoveryScope.Proven, drill?.History.Newest is null
                ? "no restore drill has run" : "no restore drill has passed");
        if (drill.History.Newest is { Verdict: DrillVerdict.Failed } failed && failed.EndedAt > passed.EndedAt
            && string.Equals(failed.ArtifactPath, passed.ArtifactPath, StringComparison.Ordinal))
            return RecoveryPoint.None(RecoveryScope.Proven, $"the newest drill of {Path.GetFileName(passed.ArtifactPath)}, which had "
                + "passed before, failed: it is proven no longer");
        var artifact = good.LastOrDefault(a => string.Equals(a.Path, passed.ArtifactPath, StringComparison.Ordinal));
        if (artifact is null)
            return RecoveryPoint.None(RecoveryScope.Proven, $"the artifact the last passed drill restored "
                + $"({Path.GetFileName(passed.ArtifactPath)}) is no longer retained as a good artifact");
        var own = Own(artifact, RecoveryScope.Proven, note: null);
        // restore_test.replay_binlogs: the drill proved the binlogs after the artifact too, up to the last event it applied.
        return passed.ReplayedTo is { } replayed && replayed > own.Time
            ? own with { Time = replayed, Extension = RecoveryExtension.DrillReplay, BinlogBytes = passed.BinlogBytes }
            : own;
    }

    private static RecoveryPoint Own(ArtifactObservation artifact, RecoveryScope scope, string? note) => new()
    {
        Scope = scope,
        Time = artifact.Time,
        Artifact = artifact.Name,
        ArtifactTime = artifact.Time,
        ArtifactBytes = artifact.SizeBytes,
        Note = note,
    };

    /// <summary>
    /// One artifact's point: its own, extended through the archive from the binlog it recorded, and then through the
    /// server's retained binlogs when they continue the chain to the current one without a gap.
    /// </summary>
    private static RecoveryPoint Extend(ArtifactObservation artifact, RecoveryScope scope, IReadOnlyList<BinlogFile>? live,
        ServerObservation? server, BinlogArchiveObservation? archive, bool offsiteOnly)
    {
        var own = Own(artifact, scope, note: null);
        if (artifact.Facts?.BinlogFile is not { } needed)
            return own with { Note = $"{artifact.Name} records no binlog coordinates" };
        var position = artifact.Facts.BinlogPosition ?? 0;

        if (live is not null && Through(live, needed) is { } liveBytes)
            return Live(own, server!, liveBytes, position);

        var archived = archive is { Problem: null } ? archive.Contiguous : [];
        var start = IndexOf(archived, needed);
        if (start < 0)
            return own;
        var end = start;
        var bytes = 0L;
        for (var i = start; i < archived.Count && (!offsiteOnly || archived[i].Offsite); i++)
        {
            end = i;
            bytes += archived[i].SizeBytes;
        }
        if (offsiteOnly && !archived[start].Offsite)
            return own;
        // The archive ends where the server's retained binlogs may take over.
        if (!offsiteOnly && live is not null && end == archived.Count - 1 && Continue(live, archived[end].Name) is { } more)
            return Live(own, server!, bytes + more, position);
        var reaches = archived[end].LastEventTime ?? archived[end].FirstEventTime;
        return reaches is { } time && time > artifact.Time
            ? own with { Time = time, Extension = RecoveryExtension.Archive, BinlogBytes = Net(bytes, position) }
            : own;
    }

    private static long Net(long bytes, long position) => Math.Max(0, bytes - position);

    /// <summary>Through the server's binlogs to the current one: restorable to the moment the server was last seen so.</summary>
    private static RecoveryPoint Live(RecoveryPoint own, ServerObservation server, long bytes, long position) =>
        own with { Time = server.ObservedAt, Extension = RecoveryExtension.ServerBinlogs, BinlogBytes = Net(bytes, position) };

    /// <summary>The bytes from <paramref name="from"/> to the current binlog, or null when it is not retained or a gap follows.</summary>
    private static long? Through(IReadOnlyList<BinlogFile> live, string from)
    {
        var names = live.Select(b => b.Name).ToList();
        var start = names.IndexOf(from);
        if (start < 0 || PitrCoverage.Gap(names, start) is not null)
            return null;
        var bytes = 0L;
        for (var i = start; i < live.Count; i++)
            bytes += live[i].SizeBytes;
        return bytes;
    }

    /// <summary>
    /// The retained bytes after the archived binlog <paramref name="last"/> to the current one, when the retained binlogs
    /// continue it without a gap (they hold it, or begin with the one after it); null otherwise.
    /// </summary>
    private static long? Continue(IReadOnlyList<BinlogFile> live, string last)
    {
        var names = live.Select(b => b.Name).ToList();
        var at = names.IndexOf(last);
        if (at >= 0)
            return PitrCoverage.Gap(names, at) is null ? live.Skip(at + 1).Sum(b => b.SizeBytes) : null;
        return PitrCoverage.Sequence(last) is { } n && PitrCoverage.Sequence(names[0]) == n + 1
            && SameBase(names[0], last) && PitrCoverage.Gap(names, 0) is null
            ? live.Sum(b => b.SizeBytes)
            : null;
    }

    private static bool SameBase(string a, string b) =>
        string.Equals(Path.GetFileNameWithoutExtension(a), Path.GetFileNameWithoutExtension(b), StringComparison.Ordinal);

    private static int IndexOf(IReadOnlyList<ArchivedBinlog> archived, string name)
    {
        for (var i = 0; i < archived.Count; i++)
            if (string.Equals(archived[i].Name, name, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
