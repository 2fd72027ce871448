using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

using BackupExporter.Platform;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Log positions kept across exporter restarts, in one JSON file (by default <c>&lt;state dir&gt;/log-offsets.json</c>,
/// see <see cref="StateDirectory"/>) replaced atomically. A missing or unreadable file is never an error: it is a
/// warning for the log, and every error log without a saved position is then followed from its end, so that nothing
/// already counted before is counted again. Thread-safe: inspections of several logs share one store.
/// </summary>
internal sealed class LogOffsetStore
{
    public const string FileName = "log-offsets.json";
    private const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = LogOffsetJsonContext.Default, // compile-time metadata: the native build cannot reflect
    };

    private static readonly JsonTypeInfo<OffsetFile> FileInfo = (JsonTypeInfo<OffsetFile>)Json.GetTypeInfo(typeof(OffsetFile));

    private readonly object _lock = new();
    private readonly object _saveLock = new();
    private readonly Dictionary<string, Entry> _logs;
    private bool _dirty;
    private StateAccess _access = StateAccess.OwnerOnly;

    private LogOffsetStore(string path, Dictionary<string, Entry> logs, bool trusted)
    {
        Path = path;
        _logs = logs;
        Trusted = trusted;
    }

    public string Path { get; }

    /// <summary>Who may read the file and a state directory it creates: the owner, or also <c>global.state_group</c>.</summary>
    public StateAccess Access
    {
        get => Volatile.Read(ref _access);
        set => Volatile.Write(ref _access, value);
    }

    /// <summary>False when the file was missing or unreadable: its logs' positions are unknown.</summary>
    public bool Trusted { get; }

    /// <summary>A store that keeps positions in memory only, for one-shot commands that must not move the exporter's.</summary>
    public static LogOffsetStore Ephemeral() => new("", [], trusted: true);

    public static string DefaultPath() => System.IO.Path.Combine(StateDirectory.Default(), FileName);

    /// <returns>the store, and a warning for the log when the file was missing or unreadable</returns>
    public static (LogOffsetStore Store, string? Warning) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (new LogOffsetStore(path, [], trusted: false),
                $"no saved log offsets in {path} (first start?); {WithoutPosition}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Untrusted(path, e is UnauthorizedAccessException ? "permission denied" : e.Message);
        }
        try
        {
            var file = JsonSerializer.Deserialize(bytes, FileInfo);
            if (file?.Logs is null || file.Version != CurrentVersion)
                return Untrusted(path, $"not a version {CurrentVersion} offsets file");
            foreach (var (log, entry) in file.Logs)
            {
                if (entry.ToPosition(log) is null)
                    return Untrusted(path, $"the entry of {log} is invalid");
            }
            return (new LogOffsetStore(path, new Dictionary<string, Entry>(file.Logs), trusted: true), null);
        }
        catch (JsonException e)
        {
            return Untrusted(path, $"not valid JSON ({e.Message})");
        }
    }

    private static (LogOffsetStore, string) Untrusted(string path, string reason) =>
        (new LogOffsetStore(path, [], trusted: false),
            $"saved log offsets in {path} are unreadable: {reason}; {WithoutPosition}, and the file is replaced at the next save");

    /// <summary>What LogInspection does with a log that has no saved position.</summary>
    private const string WithoutPosition = "error logs are followed from their end, job and cron logs are read whole (only "
        + "their newest run counts)";

    /// <summary>The saved position of a log, or null.</summary>
    public LogPosition? Get(string logPath)
    {
        lock (_lock)
            return _logs.TryGetValue(logPath, out var entry) ? entry.ToPosition(logPath) : null;
    }

    /// <summary>Offset of the first line of the newest run seen in the saved file, to read that run again after a restart.</summary>
    public long? RunStartOffset(string logPath)
    {
        lock (_lock)
            return _logs.TryGetValue(logPath, out var entry) ? entry.RunStartOffset : null;
    }

    public void Set(LogPosition position, long? runStartOffset = null)
    {
        var entry = Entry.From(position, runStartOffset);
        lock (_lock)
        {
            if (_logs.TryGetValue(position.Path, out var old) && old == entry)
                return;
            _logs[position.Path] = entry;
            _dirty = true;
        }
    }

    /// <summary>Forgets every log not named, e.g. after a reload removed them from the configuration.</summary>
    public void Retain(IReadOnlyCollection<string> logPaths)
    {
        lock (_lock)
        {
            foreach (var gone in _logs.Keys.Where(k => !logPaths.Contains(k)).ToList())
            {
                _logs.Remove(gone);
                _dirty = true;
            }
        }
    }

    /// <returns>null when saved (or nothing changed), else why the file could not be written</returns>
    public string? Save()
    {
        // One save at a time, so that an older snapshot can never be renamed over a newer one.
        lock (_saveLock)
        {
            byte[] bytes;
            lock (_lock)
            {
                if (!_dirty || Path.Length == 0)
                    return null;
                bytes = JsonSerializer.SerializeToUtf8Bytes(new OffsetFile { Version = CurrentVersion, Logs = new(_logs) }, FileInfo);
                _dirty = false;
            }
            var problem = AtomicFile.Write(Path, bytes, Access);
            if (problem is not null)
            {
                lock (_lock)
                    _dirty = true;
            }
            return problem;
        }
    }

    internal sealed class OffsetFile
    {
        public int Version { get; set; }

        public Dictionary<string, Entry>? Logs { get; set; }
    }

    internal sealed record Entry
    {
        public ulong? Device { get; init; }

        public ulong? Inode { get; init; }

        public int FingerprintLength { get; init; }

        public string Fingerprint { get; init; } = "";

        public long Offset { get; init; }

        public bool SkippingLongLine { get; init; }

        public long? RunStartOffset { get; init; }

        public static Entry From(LogPosition p, long? runStart) => new()
        {
            Device = p.Identity.Device,
            Inode = p.Identity.Inode,
            FingerprintLength = p.Identity.FingerprintLength,
            Fingerprint = p.Identity.Fingerprint.ToString("x16", CultureInfo.InvariantCulture),
            Offset = p.Offset,
            SkippingLongLine = p.SkippingLongLine,
            RunStartOffset = runStart,
        };

        public LogPosition? ToPosition(string path)
        {
            if (Offset < 0 || FingerprintLength is < 0 or > FileIdentity.MaxFingerprintBytes || RunStartOffset < 0
                || !ulong.TryParse(Fingerprint, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var fingerprint))
                return null;
            return new LogPosition(path, new FileIdentity(Device, Inode, FingerprintLength, fingerprint), Offset, SkippingLongLine);
        }
    }
}

[JsonSerializable(typeof(LogOffsetStore.OffsetFile))]
internal sealed partial class LogOffsetJsonContext : JsonSerializerContext;
