using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Platform;
using Microsoft.Win32.SafeHandles;

namespace BackupExporter.Cli.Run;

/// <summary>
/// Where a command's stderr goes: echoed to the wrapper's own stderr as it comes, appended to the backup set's log
/// (O_APPEND, so other writers of the same log are not overwritten), and cut into lines for the classifier. A log
/// that cannot be written is reported once and otherwise ignored: the backup matters more than its log.
/// Thread-safe: the stderr pump and the wrapper's own notes write concurrently. The passwords of the command line are
/// scrubbed from what is echoed and stored (a shell run with <c>-x</c> prints them): both then get whole lines.
/// </summary>
internal sealed class StderrRecorder : IDisposable
{
    private const int MaxLineBytes = 64 * 1024;
    private const int KeptLines = 5;

    private readonly object _lock = new();
    private readonly Stream _echo;
    private readonly SafeFileHandle? _log;
    private readonly ErrorClassifier _classifier;
    private readonly byte[] _line = new byte[MaxLineBytes];
    private readonly IReadOnlyList<string> _secrets;
    private readonly MemoryStream _pending = new();
    private long[] _counts = new long[ErrorClasses.All.Count];
    private Queue<string> _lastLines = new();
    private int _lineLength;
    private bool _atLineStart = true;

    /// <param name="access">who may read a log this creates (its directory too): it can hold a command's stderr</param>
    public StderrRecorder(Stream echo, string? logPath, LogKind kind, IReadOnlyList<string>? secrets = null, StateAccess? access = null)
    {
        access ??= StateAccess.OwnerOnly;
        _echo = echo;
        _secrets = secrets ?? [];
        _classifier = ErrorClassifier.For(kind);
        LogPath = logPath;
        if (logPath is null)
            return;
        try
        {
            access.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
            var created = !File.Exists(logPath);
            _log = LibC.OpenForAppend(logPath, access.FileMode);
            // A log made here gets its mode whatever the umask; one that exists (made by cron's 2>>, say) is the site's.
            if (created)
                access.Restrict(logPath, access.FileMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogProblem = $"cannot append to log {logPath}: {e.Message}";
        }
    }

    public string? LogPath { get; }

    /// <summary>Why the log could not be written, if it could not.</summary>
    public string? LogProblem { get; private set; }

    public bool LogWritable => _log is not null && LogProblem is null;

    /// <summary>Bytes of the command's stderr, in order, as read.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            PassOn(chunk);
            if (chunk.Length > 0)
                _atLineStart = chunk[^1] == '\n';
            foreach (var b in chunk)
            {
                if (b == '\n')
                    EndLine();
                else if (_lineLength < MaxLineBytes)
                    _line[_lineLength++] = b;
            }
        }
    }

    /// <summary>A line of the wrapper's own: a marker or a note to the log only, on a line of its own.</summary>
    public void WriteLogLine(string line)
    {
        lock (_lock)
        {
            FlushPending();
            WriteLog(Encoding.UTF8.GetBytes((_atLineStart ? "" : "\n") + line + "\n"));
            _atLineStart = true;
        }
    }

    /// <summary>A message of the wrapper's own about the command (it could not be started): stderr, log and classifier.</summary>
    public void Say(string message)
    {
        lock (_lock)
        {
            if (!_atLineStart)
                Append("\n"u8);
            Append(Encoding.UTF8.GetBytes(message + "\n"));
        }
    }

    /// <summary>The error lines since the previous call (one attempt's), including a last line without its newline.</summary>
    public AttemptErrors TakeAttempt()
    {
        lock (_lock)
        {
            FlushPending();
            if (_lineLength > 0)
                EndLine();
            var errors = new AttemptErrors(ErrorClasses.All.ToDictionary(c => c, c => _counts[(int)c]), _lastLines.ToList());
            _counts = new long[ErrorClasses.All.Count];
            _lastLines = new Queue<string>();
            return errors;
        }
    }

    private void EndLine()
    {
        var bytes = _line.AsSpan(0, _lineLength);
        if (bytes.Length > 0 && bytes[^1] == '\r')
            bytes = bytes[..^1];
        var text = Encoding.UTF8.GetString(bytes);
        _lineLength = 0;
        if (_classifier.Classify(text) is not { } c)
            return;
        _counts[(int)c]++;
        _lastLines.Enqueue(Printable(SecretRedactor.Scrub(text, _secrets)));
        while (_lastLines.Count > KeptLines)
            _lastLines.Dequeue();
    }

    private static string Printable(string line)
    {
        var text = new StringBuilder(Math.Min(line.Length, 500));
        foreach (var c in line.AsSpan(0, Math.Min(line.Length, 500)))
        {
            if (c >= ' ' || c == '\t')
                text.Append(c == '\t' ? ' ' : c);
        }
        return text.ToString();
    }

    private void Echo(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _echo.Write(bytes);
            _echo.Flush();
        }
        catch (IOException)
        {
            // Nobody reads the wrapper's stderr any more (cron's mail pipe closed): the log still gets everything.
        }
    }

    /// <summary>
    /// The command's bytes to the wrapper's stderr and the log: as they come, or, when there are secrets to scrub,
    /// line by line (a secret cannot be scrubbed that is split between two reads).
    /// </summary>
    private void PassOn(ReadOnlySpan<byte> chunk)
    {
        if (_secrets.Count == 0)
        {
            Echo(chunk);
            WriteLog(chunk);
            return;
        }
        while (chunk.Length > 0)
        {
            var newline = chunk.IndexOf((byte)'\n');
            var part = newline < 0 ? chunk : chunk[..(newline + 1)];
            _pending.Write(part);
            chunk = chunk[part.Length..];
            if (newline >= 0 || _pending.Length >= MaxLineBytes)
                FlushPending();
        }
    }

    private void FlushPending()
    {
        if (_pending.Length == 0)
            return;
        var text = Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
        _pending.SetLength(0);
        foreach (var secret in _secrets)
            text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        Echo(bytes);
        WriteLog(bytes);
    }

    private void WriteLog(ReadOnlySpan<byte> bytes)
    {
        if (_log is null || LogProblem is not null)
            return;
        try
        {
            RandomAccess.Write(_log, bytes, 0); // pwrite on an O_APPEND descriptor appends
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogProblem = $"cannot append to log {LogPath}: {e.Message}";
        }
    }

    public void Dispose()
    {
        lock (_lock)
            FlushPending();
        _log?.Dispose();
        _pending.Dispose();
    }
}
