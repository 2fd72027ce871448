using BackupExporter.Configuration;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Inspection.Server;

namespace BackupExporter.Inspection.BinlogArchives;

/// <summary>
/// Reads a server's binlog archive directory: the files named <c>base.NNNNNN</c>, their sequence, sizes and event
/// headers (<see cref="BinlogEvents"/>). A file is walked once per name, size and modification time; the newest, still
/// growing, is walked on from where the last round stopped. Continuity is judged from the files alone; the server's
/// own binary logs (its newest observation) tell whether the archiver keeps up. Read-only; with a remote, the remote
/// is listed with rclone every <c>remote_interval</c>. Apart from the server's folder, which the off-site one depends on.
/// </summary>
internal sealed class BinlogArchiveInspection : IInspection
{
    private readonly ServerConfig _server;
    private readonly BinlogArchiveConfig _archive;
    private readonly Func<ServerObservation?> _serverObservation;
    private readonly TimeProvider _clock;
    private readonly Action<long> _countBytesRead;
    private readonly Dictionary<string, (long Size, DateTime Modified, BinlogScan Scan)> _walked = new(StringComparer.Ordinal);
    private (RemoteListing? Listing, DateTimeOffset At, string? Error, DateTimeOffset? ListedAt) _remote;

    public BinlogArchiveInspection(ServerConfig server, Func<ServerObservation?> serverObservation, TimeProvider clock,
        Action<long> countBytesRead)
    {
        _server = server;
        _archive = server.BinlogArchive ?? throw new ArgumentException("the server has no binlog_archive", nameof(server));
        _serverObservation = serverObservation;
        _clock = clock;
        _countBytesRead = countBytesRead;
    }

    public string Name => InspectionNames.BinlogArchive(_server.Name);

    public TimeSpan Interval => _server.Interval;

    public TimeSpan Timeout => _archive.Remote is null ? _server.Timeout
        : TimeSpan.FromTicks(Math.Max(_server.Timeout.Ticks, (_archive.RemoteTimeout + TimeSpan.FromSeconds(5)).Ticks));

    public async Task<IObservation> RunAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var server = _serverObservation();
        var files = ListDirectory(server, out var problem);
        if (problem is not null)
            return new BinlogArchiveObservation(_server.Name, now, problem, [], null) { ComparedWithServer = false };

        var scans = files.Select(f => (File: f, Scan: Walk(f))).ToList();
        foreach (var stale in _walked.Keys.Except(files.Select(f => f.Name.Name), StringComparer.Ordinal).ToList())
            _walked.Remove(stale);
        var serverSizes = server is { Up: true, Binlogs: { } binlogs } ? binlogs.ToDictionary(b => b.Name, b => b.SizeBytes) : null;

        // The newest run without a break, walking back from the newest file.
        var damaged = new List<string>();
        string? breakReason = null;
        var (start, olderFrom) = (scans.Count, -1);
        for (var i = scans.Count - 1; i >= 0; i--)
        {
            var (file, scan) = scans[i];
            if (Unusable(file, scan, newest: i == scans.Count - 1, serverSizes) is { } reason)
            {
                damaged.Add(reason);
                breakReason = i == scans.Count - 1 ? reason
                    : $"{reason}; the archive is continuous only from {scans[i + 1].File.Name.Name} on";
                olderFrom = i - 1;
                break;
            }
            start = i;
            if (i > 0 && scans[i - 1].File.Name.Number != file.Name.Number - 1)
            {
                breakReason = $"{MissingText(scans[i - 1].File.Name, file.Name)}: the archive is continuous only from {file.Name.Name} on";
                olderFrom = i - 1;
                break;
            }
        }
        // Damage older than the break counts too, for the totals; the run is what a restore can use.
        for (var i = olderFrom; i >= 0; i--)
        {
            if (Unusable(scans[i].File, scans[i].Scan, newest: false, serverSizes) is { } older)
                damaged.Add(older);
        }
        damaged.Reverse();
        var missing = 0L;
        for (var i = 1; i < scans.Count; i++)
            missing += Math.Max(0, scans[i].File.Name.Number - scans[i - 1].File.Name.Number - 1);

        var offsite = await RemoteAsync(now, cancellationToken);
        var contiguous = scans.Skip(start).Select(s => new ArchivedBinlog(s.File.Name.Name, s.File.Size, s.Scan.FirstEventTime,
            s.Scan.LastEventTime, offsite.Listing is { } listing && listing.Objects.TryGetValue(s.File.Name.Name, out var copy)
                && copy.Size == s.File.Size)).ToList();
        DateTimeOffset? lastGrowth = files.Count == 0 ? null : new DateTimeOffset(files.Max(f => f.Modified), TimeSpan.Zero);
        if (files.Count == 0)
            breakReason = $"{_archive.Path} holds no binary log (no file named like mysql-bin.000001): is the archiver running?";
        return new BinlogArchiveObservation(_server.Name, now, breakReason, contiguous, lastGrowth)
        {
            Files = files.Count,
            Bytes = files.Sum(f => f.Size),
            MissingFiles = (int)Math.Min(missing, int.MaxValue),
            Damaged = damaged,
            Stall = ArchiveStall.Judge(files.Count == 0 ? null : (files[^1].Name.Name, files[^1].Size), lastGrowth, server,
                _archive.StalledAfter, now),
            ComparedWithServer = serverSizes is not null,
            OffsiteUp = _archive.Remote is null ? null : offsite.Error is null,
            OffsiteError = offsite.Error,
            OffsiteListedAt = offsite.ListedAt,
        };
    }

    /// <summary>Why a file breaks the run; null when it can be replayed through.</summary>
    private static string? Unusable(ArchiveFile file, BinlogScan scan, bool newest, Dictionary<string, long>? serverSizes)
    {
        if (scan.Problem is not null)
            return scan.Problem;
        if (scan.Events == 0)
            return newest ? $"{file.Name.Name} holds no complete event yet" : $"{file.Name.Name} holds no complete event: cut short";
        if (newest)
            return null; // still growing: an unfinished last event is the archiver at work
        if (serverSizes is not null && serverSizes.TryGetValue(file.Name.Name, out var size) && size > file.Size)
            return $"{file.Name.Name} is cut short: {file.Size} bytes archived, the server's copy has {size}";
        if (scan.PartialTail)
            return $"{file.Name.Name} is cut short: its last event is incomplete at byte {scan.End} of {file.Size}";
        if (!scan.Closed)
            return $"{file.Name.Name} is cut short: it ends without the rotate or stop event that closes a binary log";
        return null;
    }

    private static string MissingText(BinlogFileName older, BinlogFileName newer)
    {
        var count = newer.Number - older.Number - 1;
        return count == 1 ? $"{older.After(1)} is missing (between {older.Name} and {newer.Name})"
            : $"{count} files are missing from {older.After(1)} on (between {older.Name} and {newer.Name})";
    }

    private BinlogScan Walk(ArchiveFile file)
    {
        var path = Path.Combine(_archive.Path, file.Name.Name);
        if (_walked.TryGetValue(file.Name.Name, out var cached))
        {
            if (cached.Size == file.Size && cached.Modified == file.Modified)
                return cached.Scan;
            // Grown: walked on from where it stopped; shrunk or rewritten: walked again from the start.
            var scan = BinlogEvents.Walk(path, file.Size > cached.Size ? cached.Scan : null, _countBytesRead);
            _walked[file.Name.Name] = (file.Size, file.Modified, scan);
            return scan;
        }
        var fresh = BinlogEvents.Walk(path, null, _countBytesRead);
        _walked[file.Name.Name] = (file.Size, file.Modified, fresh);
        return fresh;
    }

    /// <summary>The archive's binary logs, oldest first; the base name is the server's where known, else the commonest.</summary>
    private List<ArchiveFile> ListDirectory(ServerObservation? server, out string? problem)
    {
        problem = null;
        var directory = new DirectoryInfo(_archive.Path);
        var found = new List<ArchiveFile>();
        try
        {
            if (!directory.Exists)
            {
                problem = $"the binlog archive directory {_archive.Path} does not exist";
                return found;
            }
            foreach (var info in directory.EnumerateFiles())
            {
                if (BinlogFileName.Parse(info.Name) is { } name)
                    found.Add(new ArchiveFile(name, info.Length, info.LastWriteTimeUtc));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read the binlog archive directory {_archive.Path}: " + (e is UnauthorizedAccessException
                ? "permission denied (the exporter's user needs read access)"
                : e.Message);
            return [];
        }
        if (found.Count == 0)
            return found;
        var serverBase = server?.Binlogs is [var any, ..] ? BinlogFileName.Parse(any.Name)?.Base : null;
        var chosen = serverBase is not null && found.Any(f => f.Name.Base == serverBase) ? serverBase
            : found.GroupBy(f => f.Name.Base, StringComparer.Ordinal).OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .First().Key;
        return found.Where(f => f.Name.Base == chosen).OrderBy(f => f.Name.Number).ToList();
    }

    /// <summary>The remote's listing, fetched again once <c>remote_interval</c> has passed; a failed listing keeps the last one.</summary>
    private async Task<(RemoteListing? Listing, string? Error, DateTimeOffset? ListedAt)> RemoteAsync(DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (_archive.Remote is not { } remote)
            return (null, null, null);
        if (_remote.Listing is not null || _remote.Error is not null)
        {
            if (now - _remote.At < _archive.RemoteInterval)
                return (_remote.Listing, _remote.Error, _remote.ListedAt);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_archive.RemoteTimeout);
        try
        {
            RemoteListing? listing = null;
            var result = await RcloneProcess.RunAsync(_archive.RcloneConfig, _archive.RemoteTimeout,
                ["lsjson", "--files-only", "--no-mimetype", remote],
                async (stdout, token) => listing = await RemoteListing.ReadAsync(stdout, null, token), deadline.Token);
            if (result.ExitCode == 3)
                _remote = (new RemoteListing(), now, null, now); // nothing copied yet: every file is missing off-site
            else if (!result.Ok || listing is null)
                _remote = (_remote.Listing, now, result.Describe("lsjson"), _remote.ListedAt);
            else
                _remote = (listing, now, null, now);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _remote = (_remote.Listing, now, $"rclone lsjson did not finish within {DurationParser.Format(_archive.RemoteTimeout)}: "
                + "the remote is slow or unreachable; rclone was stopped", _remote.ListedAt);
        }
        return (_remote.Listing, _remote.Error, _remote.ListedAt);
    }

    private sealed record ArchiveFile(BinlogFileName Name, long Size, DateTime Modified);
}
