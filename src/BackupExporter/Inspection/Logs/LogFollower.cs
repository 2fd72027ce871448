using BackupExporter.Platform;
using Microsoft.Win32.SafeHandles;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Reads a log incrementally: each <see cref="Read"/> delivers the complete lines written since the previous one,
/// each line once, across rotation by rename (the old file is finished, then the new one read from its start),
/// copy-truncate (a shrunk or rewritten file is read again from its start), a log that does not exist yet, and one
/// deleted and recreated. The file stays open between reads, read-only and shared for read, write and delete, so a
/// rotated file can be finished and nobody is blocked. Problems are results, never exceptions (except cancellation).
/// Lines written to a copy-truncated log between the last read and the truncation are in the copy, not read here.
/// Not thread-safe: one reader at a time.
/// </summary>
internal sealed class LogFollower : IDisposable
{
    private readonly LogFollowerOptions _options;
    private readonly LineSplitter _splitter;
    private SafeFileHandle? _handle;
    private FileIdentity? _identity;
    private long _offset;
    private bool _skipping;
    private bool _fromSaved;
    private bool _startUsed;
    private long _bytes;
    private long _lines;
    private LogFileEvents _events;

    public LogFollower(string path, LogPosition? saved = null, LogFollowerOptions? options = null)
    {
        Path = path;
        _options = options ?? LogFollowerOptions.Default;
        _splitter = new LineSplitter(_options.MaxLineBytes, _options.BufferBytes);
        if (saved is not null && saved.Path == path)
        {
            _identity = saved.Identity;
            _offset = saved.Offset;
            _skipping = saved.SkippingLongLine;
            _fromSaved = true;
            _startUsed = true;
        }
    }

    public string Path { get; }

    /// <summary>Where the next read starts, for <see cref="LogOffsetStore"/>; null while no file has been seen.</summary>
    public LogPosition? Position => _identity is null ? null : new LogPosition(Path, _identity, _offset, _skipping);

    /// <summary>The most bytes of one line ever held in memory; never more than <see cref="LogFollowerOptions.MaxLineBytes"/>.</summary>
    public long LongestLineHeldBytes => _splitter.LongestLineHeldBytes;

    /// <summary>Delivers every complete line written since the previous read to <paramref name="sink"/>.</summary>
    public LogReadResult Read(ILogLineSink sink, CancellationToken cancellation = default)
    {
        _bytes = 0;
        _lines = 0;
        _events = LogFileEvents.None;
        try
        {
            if (_handle is null)
                Open(sink, cancellation);
            else
                Follow(sink, cancellation);
            return Result(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result(Describe(e));
        }
    }

    private LogReadResult Result(string? problem) => new(_bytes, _lines, _events, problem);

    private void Open(ILogLineSink sink, CancellationToken cancellation)
    {
        var stat = LibC.Stat(Path);
        if (stat.Available && !stat.Exists)
        {
            if (stat.Errno is not (2 or 20))
                throw new IOException($"cannot stat {Path}: errno {stat.Errno}");
            Missing();
            return;
        }
        if (Directory.Exists(Path))
            throw new IOException($"{Path} is a directory, not a log file");
        if (stat.Available && !stat.IsRegularFile)
            throw new IOException($"{Path} is not a regular file (a FIFO, a socket or a device)");
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Missing();
            return;
        }
        _events |= LogFileEvents.Opened;
        var handleStat = LibC.Stat(handle);
        var size = RandomAccess.GetLength(handle);
        var head = FileIdentity.ReadHead(handle);
        if (_identity is { } known)
        {
            if ((known.SameInode(handleStat) ?? true) && known.StartsLike(head))
            {
                if (size < _offset)
                    Restart(LogFileEvents.Truncated);
            }
            else
            {
                if (_fromSaved)
                    FinishElsewhere(known, sink, cancellation);
                Restart(LogFileEvents.Replaced);
            }
        }
        else if (!_startUsed && _options.Start == LogStart.End)
        {
            (_offset, _skipping) = EndOfLastLine(handle, size);
        }
        _startUsed = true;
        _fromSaved = false;
        _handle = handle;
        _identity = FileIdentity.Of(handleStat, head);
        ReadToEnd(sink, finish: false, cancellation);
    }

    private void Follow(ILogLineSink sink, CancellationToken cancellation)
    {
        var handleStat = LibC.Stat(_handle!);
        var pathStat = LibC.Stat(Path);
        if (IsStillAtPath(handleStat, pathStat))
        {
            var head = FileIdentity.ReadHead(_handle!);
            if (RandomAccess.GetLength(_handle!) < _offset || !_identity!.StartsLike(head))
                Restart(LogFileEvents.Truncated);
            _identity = FileIdentity.Of(handleStat, head);
            ReadToEnd(sink, finish: false, cancellation);
            return;
        }
        var pathMissing = pathStat.Available ? !pathStat.Exists : !File.Exists(Path);
        if (pathMissing && !(handleStat.Available && handleStat.Links == 0))
        {
            // Renamed away and no successor yet: the writer may still be appending to it.
            ReadToEnd(sink, finish: false, cancellation);
            _events |= LogFileEvents.Missing;
            return;
        }
        // Deleted, or another file at the path: nothing more will be written to ours. Finish it, then start over.
        ReadToEnd(sink, finish: true, cancellation);
        CloseFile();
        _identity = null;
        Restart(pathMissing ? LogFileEvents.Missing : LogFileEvents.Replaced);
        if (!pathMissing)
            Open(sink, cancellation);
    }

    private bool IsStillAtPath(FileStat handleStat, FileStat pathStat)
    {
        if (handleStat.Available && pathStat.Available)
            return pathStat.SameFileAs(handleStat);
        // Without statx: the path's file is ours when it starts as ours does and holds what was read of ours. Taking a
        // successor that starts alike for ours loses its first lines; the opposite would deliver ours twice.
        try
        {
            using var other = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return _identity!.StartsLike(FileIdentity.ReadHead(other)) && RandomAccess.GetLength(other) >= _offset;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The file was replaced while nobody followed it (the exporter was down): read the rest of the old one.</summary>
    private void FinishElsewhere(FileIdentity previous, ILogLineSink sink, CancellationToken cancellation)
    {
        var rotated = RotatedFiles.Find(Path, previous);
        if (rotated is null)
        {
            _events |= LogFileEvents.LostRotatedFile;
            return;
        }
        using var old = File.OpenHandle(rotated, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        ReadRange(old, RandomAccess.GetLength(old), finish: true, sink, cancellation);
        _events |= LogFileEvents.FinishedRotatedFile;
    }

    /// <summary>No file at the path: whatever appears there later is new, and read from its start.</summary>
    private void Missing()
    {
        _events |= LogFileEvents.Missing;
        _startUsed = true;
    }

    private void Restart(LogFileEvents why)
    {
        _events |= why;
        _offset = 0;
        _skipping = false;
    }

    private void ReadToEnd(ILogLineSink sink, bool finish, CancellationToken cancellation) =>
        ReadRange(_handle!, RandomAccess.GetLength(_handle!), finish, sink, cancellation);

    private void ReadRange(SafeFileHandle handle, long end, bool finish, ILogLineSink sink, CancellationToken cancellation)
    {
        var (bytes, lines) = _splitter.Read(handle, ref _offset, ref _skipping, end, finish, sink, cancellation);
        _bytes += bytes;
        _lines += lines;
    }

    /// <summary>Just after the last newline, so that a line being written is read whole once it is complete.</summary>
    private (long Offset, bool Skipping) EndOfLastLine(SafeFileHandle handle, long size)
    {
        var tail = new byte[(int)Math.Min(size, _options.MaxLineBytes)];
        var read = 0;
        while (read < tail.Length)
        {
            var n = RandomAccess.Read(handle, tail.AsSpan(read), size - tail.Length + read);
            if (n == 0)
                break;
            read += n;
        }
        var newline = tail.AsSpan(0, read).LastIndexOf((byte)'\n');
        if (newline >= 0)
            return (size - tail.Length + newline + 1, false);
        return size <= _options.MaxLineBytes ? (0, false) : (size, true); // inside a line longer than the cap: skip its rest
    }

    private void CloseFile()
    {
        _handle?.Dispose();
        _handle = null;
    }

    private string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => $"cannot read log {Path}: permission denied (the exporter's user needs read access)",
        _ when e.Message.Contains(Path, StringComparison.Ordinal) => $"cannot read log: {e.Message}",
        _ => $"cannot read log {Path}: {e.Message}",
    };

    public void Dispose() => CloseFile();
}
