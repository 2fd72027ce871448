using BackupExporter.Inspection.Verification;
using System.Diagnostics;
using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Artifacts.Physical;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore.Physical;

/// <param name="Set">the backup set (its kind, path and pattern: where the chain's other backups are found)</param>
/// <param name="NewestArtifactPath">the backup to restore: a directory or an .xbstream file, full or incremental</param>
/// <param name="WorkDirectory">the sandbox's scratch space for the copies; none is left there when the restore ends</param>
/// <param name="DataDirectory">where the prepared datadir is left (absent or empty; on the same filesystem as WorkDirectory)</param>
internal sealed record PhysicalRestoreRequest(BackupSetConfig Set, string NewestArtifactPath, string WorkDirectory, string DataDirectory);

/// <param name="Fetch">copying and extracting the chain into the sandbox</param>
/// <param name="Restore">preparing it: the full backup, then each incremental</param>
/// <param name="RestoredBytes">the size of the prepared datadir</param>
internal sealed record PhysicalRestoreResult(TimeSpan Fetch, TimeSpan Restore, long RestoredBytes);

/// <summary>
/// Restores an XtraBackup / mariabackup backup into a sandbox: the chain that ends at the newest backup (the full one
/// and each incremental in order, linked by LSN) is copied or extracted into the work directory, prepared there (a
/// prepare rewrites its target, so never on the backup itself), and left as a datadir a server can start on.
/// </summary>
internal static class PhysicalRestore
{
    /// <summary>
    /// Copies/extracts the chain ending at NewestArtifactPath into WorkDirectory, prepares it, and leaves a datadir
    /// ready for mariadbd at DataDirectory. Throws DrillFailedException(phase, message) on failure, with the tool's
    /// telling line; <see cref="DrillUnsupportedException"/> when this host lacks the tool that prepares the backup.
    /// Cancelling kills the running tool's whole process tree.
    /// </summary>
    public static async Task<PhysicalRestoreResult> PrepareAsync(PhysicalRestoreRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await RestoreAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveCopies(request.WorkDirectory);
            throw new DrillFailedException(DrillPhases.Restore, $"restoring {request.NewestArtifactPath} "
                + $"into {request.WorkDirectory}: {e.Message}");
        }
        catch
        {
            RemoveCopies(request.WorkDirectory); // a failed drill leaves no copy of the backup behind (it may be large)
            throw;
        }
    }

    private static async Task<PhysicalRestoreResult> RestoreAsync(PhysicalRestoreRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (chain, tool) = await FetchChainAsync(request, cancellationToken);
        var fetch = clock.Elapsed;

        var full = chain[0].Copy;
        var incrementals = chain.Skip(1).Select(link => link.Copy).ToList();
        foreach (var (command, what) in tool.PrepareSteps(full, incrementals))
        {
            var exit = await ToolRunner.RunAsync(command, cancellationToken);
            if (!exit.Ok)
                throw new DrillFailedException(DrillPhases.Restore, $"{tool.Name} --prepare of {what} ({Describe(chain, command)}) "
                    + $"failed: {exit.Describe()}");
        }
        foreach (var applied in incrementals)
            Directory.Delete(applied, recursive: true); // in the prepared datadir now: free the scratch space

        MoveInto(full, request.DataDirectory);
        await SandboxOwnership.ApplyAsync(request.DataDirectory, cancellationToken);
        var bytes = DirectoryWalk.Walk(request.DataDirectory, cancellationToken).TotalBytes;
        return new PhysicalRestoreResult(fetch, clock.Elapsed - fetch, bytes);
    }

    private sealed record ChainLink(string Artifact, string Copy);

    private const string CopyPrefix = "chain-";

    private static void RemoveCopies(string workDirectory)
    {
        try
        {
            if (Directory.Exists(workDirectory))
                foreach (var copy in Directory.EnumerateDirectories(workDirectory, CopyPrefix + "*"))
                    Directory.Delete(copy, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The sandbox is removed as a whole when the drill ends; this only frees space sooner.
        }
    }

    /// <returns>the chain, the full backup first</returns>
    private static async Task<(List<ChainLink> Chain, PhysicalTool Tool)> FetchChainAsync(PhysicalRestoreRequest request,
        CancellationToken cancellationToken)
    {
        var set = request.Set;
        var links = new List<ChainLink>();
        var inChain = new HashSet<string>(StringComparer.Ordinal);
        PhysicalTool? tool = null;
        var artifact = request.NewestArtifactPath;
        while (true)
        {
            var copy = Path.Combine(request.WorkDirectory, CopyPrefix + links.Count.ToString(CultureInfo.InvariantCulture));
            XtrabackupMetadata metadata;
            if (Directory.Exists(artifact))
            {
                metadata = Judge(artifact, artifact); // before copying: a backup that cannot restore costs no copy
                tool ??= PhysicalTool.For(set.Kind, metadata, artifact);
                await ArtifactFetch.FetchAsync(artifact, copy, () => PhysicalTool.Extractor(set.Kind), cancellationToken);
            }
            else if (File.Exists(artifact))
            {
                await ArtifactFetch.FetchAsync(artifact, copy, () => PhysicalTool.Extractor(set.Kind), cancellationToken);
                metadata = Judge(copy, artifact);
                tool ??= PhysicalTool.For(set.Kind, metadata, artifact);
            }
            else
            {
                throw new DrillFailedException(DrillPhases.Fetch, $"{artifact} does not exist (removed since it was listed?)");
            }
            links.Add(new ChainLink(artifact, copy));
            inChain.Add(Path.TrimEndingDirectorySeparator(artifact));
            if (!metadata.Incremental)
                break;

            var from = metadata.FromLsn ?? 0;
            artifact = BaseFinder.Find(set, from, inChain, cancellationToken) ?? throw new DrillFailedException(DrillPhases.Fetch,
                $"the incremental chain is broken: {Path.GetFileName(artifact)} starts at LSN {from}, but no backup "
                    + $"in {set.Path} ends there"
                + " (an incremental or the full backup before it is missing), so the newest backup cannot be restored");
        }
        links.Reverse();
        return (links, tool);
    }

    /// <summary>The metadata of a backup, which must say that it finished.</summary>
    private static XtrabackupMetadata Judge(string directory, string artifact)
    {
        var metadata = PhysicalBackupJudge.ReadDirectory(directory, DirectoryWalk.Walk(directory));
        var complete = PhysicalBackupJudge.Complete(metadata, artifact);
        return complete.Ok ? metadata : throw new DrillFailedException(DrillPhases.Fetch, complete.Detail ?? $"{artifact} is incomplete");
    }

    private static void MoveInto(string prepared, string dataDirectory)
    {
        dataDirectory = Path.TrimEndingDirectorySeparator(dataDirectory);
        if (Directory.Exists(dataDirectory))
        {
            if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
                throw new DrillFailedException(DrillPhases.Restore, $"the sandbox's data directory {dataDirectory} is not empty");
            Directory.Delete(dataDirectory);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(dataDirectory)!);
        Directory.Move(prepared, dataDirectory);
    }

    /// <summary>Which backup a prepare step was given, by the original's name rather than the sandbox copy's.</summary>
    private static string Describe(List<ChainLink> chain, ToolCommand command)
    {
        var copy = command.Arguments.LastOrDefault(a => a.StartsWith("--incremental-dir=",
            StringComparison.Ordinal))?["--incremental-dir=".Length..]
            ?? chain[0].Copy;
        return chain.FirstOrDefault(link => link.Copy == copy)?.Artifact ?? copy;
    }
}
