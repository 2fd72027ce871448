using System.Globalization;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// Compares each local good artifact with the listing of a remote: every file present, with the same size, and the
/// same hash or bytes where <c>verify</c> asks and the remote can say. A dump file is one file; a directory artifact is
/// all its files (a directory half uploaded is mismatched, not copied).
/// </summary>
internal sealed class CopyComparison(LocalHashes hashes, DownloadCheck download)
{
    /// <param name="goodNewestFirst">local good artifacts, newest first</param>
    /// <param name="hashType">the hash both sides share, or null: sizes (and downloads) only</param>
    public async Task<IReadOnlyList<ArtifactCopy>> CompareAsync(string setPath, IReadOnlyList<ArtifactObservation> goodNewestFirst,
        RemoteListing listing, OffsiteVerify verify, string? hashType, CancellationToken cancellationToken)
    {
        var copies = new List<ArtifactCopy>(goodNewestFirst.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var artifactOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var artifact in goodNewestFirst)
        {
            var files = LocalArtifactFiles.Of(setPath, artifact);
            if (files.Count == 0)
                continue; // deleted by retention since the set's inspection
            foreach (var file in files)
            {
                seen.Add(file.FullPath);
                artifactOf.TryAdd(file.RelativePath, copies.Count);
            }
            var state = State(files, listing, out var detail);
            if (state == CopyState.Copied)
                (state, detail) = await ContentState(files, listing, verify, hashType, cancellationToken);
            copies.Add(new ArtifactCopy(artifact.Name, artifact.Time, state, detail));
        }
        hashes.Retain(seen);
        if (verify == OffsiteVerify.Download)
        {
            // Re-reads of copies verified a period ago come last: new copies have the first claim on the budget.
            foreach (var path in await download.RereadDueAsync(cancellationToken))
            {
                if (artifactOf.TryGetValue(path, out var index) && copies[index].State == CopyState.Copied)
                    copies[index] = copies[index] with { State = CopyState.Mismatched, Detail = download.Change(path) };
            }
        }
        return copies;
    }

    /// <summary>Presence and sizes, from the listing alone.</summary>
    private static CopyState State(IReadOnlyList<LocalFile> files, RemoteListing listing, out string? detail)
    {
        detail = null;
        var present = files.Count(f => listing.Objects.ContainsKey(f.RelativePath));
        if (present == 0)
        {
            detail = files.Count == 1 ? $"{files[0].RelativePath} is not on the remote" : $"none of its {files.Count} "
                + $"files is on the remote";
            return CopyState.Missing;
        }
        foreach (var file in files)
        {
            if (!listing.Objects.TryGetValue(file.RelativePath, out var remote))
            {
                detail = $"{file.RelativePath} is not on the remote ({present} of {files.Count} files copied)";
                return CopyState.Mismatched;
            }
            if (remote.Size != file.Size)
            {
                detail = string.Create(CultureInfo.InvariantCulture, $"{file.RelativePath}: {remote.Size} bytes on the remote, {file.Size} "
                    + $"here (a copy cut short?)");
                return CopyState.Mismatched;
            }
        }
        return CopyState.Copied;
    }

    private async Task<(CopyState, string?)> ContentState(IReadOnlyList<LocalFile> files, RemoteListing listing, OffsiteVerify verify,
        string? hashType, CancellationToken cancellationToken)
    {
        if (verify == OffsiteVerify.Size)
            return (CopyState.Copied, null);
        string? unverified = null;
        foreach (var file in files)
        {
            var remote = listing.Objects[file.RelativePath];
            if (verify == OffsiteVerify.Hash && hashType is not null && remote.Hash is { } remoteHash)
            {
                var local = await hashes.HashAsync(file.FullPath, file.Size, file.Modified, hashType, cancellationToken);
                if (local != remoteHash)
                    return (CopyState.Mismatched, $"{file.RelativePath}: {hashType} differs (remote {remoteHash}, here {local})");
            }
            else if (verify == OffsiteVerify.Download)
            {
                var local = await hashes.HashAsync(file.FullPath, file.Size, file.Modified, DownloadCheck.HashType, cancellationToken);
                var matches = await download.MatchesAsync(remote, local, cancellationToken);
                if (matches == false)
                    return (CopyState.Mismatched, download.Change(remote.Path)
                        ?? $"{file.RelativePath}: the downloaded bytes differ from the local file (same size)");
                if (matches is null)
                    unverified ??= "size only this round: the download limit was reached";
            }
        }
        return (CopyState.Copied, unverified);
    }
}
