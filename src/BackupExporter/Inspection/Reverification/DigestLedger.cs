using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Reverification;

/// <summary>
/// The digests of one set's retained files, kept across restarts in one JSON file of the state directory
/// (<c>&lt;state dir&gt;/reverify/&lt;set&gt;.json</c>, replaced atomically): per file, the digest of its first full read
/// and when, and the newest re-read. Bounded: files of artifacts no longer listed are dropped, and the artifacts
/// themselves are remembered as <see cref="Gone"/> for <see cref="GoneKeptFor"/> (at most <see cref="MaxGone"/>).
/// Used by one inspection at a time: not thread-safe.
/// </summary>
internal sealed class DigestLedger
{
    public const string DirectoryName = "reverify";
    private const int CurrentVersion = 1;

    public static readonly TimeSpan GoneKeptFor = TimeSpan.FromDays(35);
    public const int MaxGone = 1000;

    /// <summary>Last-seen times alone are written at most this often: a round of unchanged files writes nothing.</summary>
    private static readonly TimeSpan SeenSaveInterval = TimeSpan.FromMinutes(10);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = DigestLedgerJsonContext.Default, // compile-time metadata: the native build cannot reflect
    };

    private static readonly JsonTypeInfo<LedgerFile> FileInfo = (JsonTypeInfo<LedgerFile>)Json.GetTypeInfo(typeof(LedgerFile));

    private readonly Dictionary<string, LedgerEntry> _files;
    private readonly Dictionary<string, GoneArtifact> _gone;
    private bool _dirty;
    private DateTimeOffset _savedAt;

    private DigestLedger(string path, Dictionary<string, LedgerEntry> files, Dictionary<string, GoneArtifact> gone)
    {
        Path = path;
        _files = files;
        _gone = gone;
    }

    /// <summary>Where the ledger is kept; empty: in memory only (the <c>verify</c> command).</summary>
    public string Path { get; }

    public StateAccess Access { get; init; } = StateAccess.OwnerOnly;

    /// <summary>Read from the state directory but never written: nothing is read again either (verify).</summary>
    public bool ReadOnly => Path.Length == 0;

    /// <summary>When the rotation last ran, to pace the next run after a restart; null before the first.</summary>
    public DateTimeOffset? LastRun { get; set; }

    /// <summary>Bytes the rotation may still read ahead of the oldest file's turn (see ReverifyInspection).</summary>
    public double Credit { get; set; }

    public IReadOnlyDictionary<string, LedgerEntry> Files => _files;

    /// <summary>Artifacts no longer listed, by path: when each was last seen, and whether it was intact until then.</summary>
    public IReadOnlyCollection<GoneArtifact> Gone => _gone.Values;

    /// <summary>When the artifact at <paramref name="artifactPath"/> was last listed; null when the ledger never saw it.</summary>
    public DateTimeOffset? LastSeen(string artifactPath) =>
        _gone.TryGetValue(artifactPath, out var gone) ? gone.LastSeen
        : _files.Values.Where(f => f.Artifact == artifactPath).Select(f => (DateTimeOffset?)f.LastSeen).Max();

    public static string FileFor(string stateDirectory, string setName) =>
        System.IO.Path.Combine(stateDirectory, DirectoryName, setName + ".json");

    public static DigestLedger InMemory() => new("", [], []);

    /// <param name="readOnly">read what is saved, never write (one round of <c>verify</c> beside the running exporter)</param>
    /// <returns>the ledger, and a warning when a saved one could not be read (it then starts empty)</returns>
    public static (DigestLedger Ledger, string? Warning) Load(string path, StateAccess access, bool readOnly = false)
    {
        var (ledger, warning) = Load(path, access);
        return readOnly ? (new DigestLedger("", ledger._files, ledger._gone) { LastRun = ledger.LastRun, Credit = ledger.Credit }, warning)
            : (ledger, warning);
    }

    private static (DigestLedger Ledger, string? Warning) Load(string path, StateAccess access)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (new DigestLedger(path, [], []) { Access = access }, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable(path, access, e is UnauthorizedAccessException ? "permission denied" : e.Message);
        }
        try
        {
            var file = JsonSerializer.Deserialize(bytes, FileInfo);
            if (file?.Files is null || file.Version != CurrentVersion)
                return Unreadable(path, access, $"not a version {CurrentVersion} digest ledger");
            var gone = (file.Gone ?? []).GroupBy(g => g.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(),
                StringComparer.Ordinal);
            return (new DigestLedger(path, new Dictionary<string, LedgerEntry>(file.Files, StringComparer.Ordinal), gone)
            {
                Access = access,
                LastRun = file.LastRun,
                Credit = file.Credit,
            }, null);
        }
        catch (JsonException e)
        {
            return Unreadable(path, access, $"not valid JSON ({e.Message})");
        }
    }

    private static (DigestLedger, string) Unreadable(string path, StateAccess access, string reason) =>
        (new DigestLedger(path, [], []) { Access = access, _dirty = true },
            $"the digest ledger {path} is unreadable: {reason}; every retained file's next full read becomes its first digest");

    /// <summary>
    /// Brings the ledger in line with the files listed now: new files get an entry (with the digest of the set's own
    /// verification read, where it made one: that read is their first), a newer verification read counts as a re-read,
    /// an artifact whose tool record names another time is another artifact, and files no longer listed are dropped
    /// (their artifacts remembered as gone).
    /// </summary>
    /// <param name="held">artifacts listed but in progress this round: their entries stay as they are</param>
    public void Sync(IReadOnlyList<RetainedFile> listed, DateTimeOffset now, IReadOnlySet<string>? held = null)
    {
        var seen = new HashSet<string>(listed.Count, StringComparer.Ordinal);
        foreach (var file in listed)
        {
            seen.Add(file.Path);
            if (!_files.TryGetValue(file.Path, out var entry)
                || (file.RecordedTime is { } recorded && entry.RecordedTime is { } known && recorded != known)
                || entry.Artifact != file.Artifact)
            {
                _files[file.Path] = entry = new LedgerEntry { Artifact = file.Artifact, FirstSeen = now, RecordedTime = file.RecordedTime };
                _gone.Remove(file.Artifact); // back again (a restore from a copy): its files start over
                _dirty = true;
            }
            entry.LastSeen = now;
            entry.Size = file.Size;
            entry.RecordedTime ??= file.RecordedTime;
            if (file.Digest is { } digest && (entry.LastRead is not { } last || digest.ReadAt > last))
                Record(entry, digest.Algorithm, digest.Hex, digest.ReadAt);
        }
        if (_files.Count > seen.Count)
        {
            foreach (var group in _files.Where(f => !seen.Contains(f.Key) && held?.Contains(f.Value.Artifact) != true)
                .GroupBy(f => f.Value.Artifact).ToList())
            {
                var entries = group.Select(g => g.Value).ToList();
                _gone[group.Key] = new GoneArtifact(group.Key, entries.Min(e => e.FirstSeen), entries.Max(e => e.LastSeen),
                    entries.All(e => !e.Changed));
                foreach (var (path, _) in group)
                    _files.Remove(path);
                _dirty = true;
            }
        }
        foreach (var old in _gone.Values.Where(g => now - g.LastSeen > GoneKeptFor).ToList())
            _dirty |= _gone.Remove(old.Path);
        foreach (var extra in _gone.Values.OrderBy(g => g.LastSeen).Take(Math.Max(0, _gone.Count - MaxGone)).ToList())
            _dirty |= _gone.Remove(extra.Path);
    }

    /// <summary>A full read of the file gave <paramref name="hex"/>: its first digest, the same again, or evidence of change.</summary>
    public void Record(LedgerEntry entry, string algorithm, string hex, DateTimeOffset readAt)
    {
        _dirty = true;
        entry.Unsettled = 0;
        entry.Problem = null;
        entry.LastRead = readAt;
        if (entry.Digest is null || entry.Algorithm != algorithm)
        {
            (entry.Algorithm, entry.Digest, entry.FirstRead, entry.ChangedDigest, entry.ChangedAt) = (algorithm, hex, readAt, null, null);
            return;
        }
        if (string.Equals(entry.Digest, hex, StringComparison.OrdinalIgnoreCase))
        {
            // The same as when first read (again: a file put back from a copy is as it was made).
            (entry.ChangedDigest, entry.ChangedAt) = (null, null);
            return;
        }
        if (!string.Equals(entry.ChangedDigest, hex, StringComparison.OrdinalIgnoreCase))
            (entry.ChangedDigest, entry.ChangedAt) = (hex, readAt);
    }

    /// <summary>The file changed while it was read: nothing is judged, it is read again at the next round.</summary>
    public void Unsettled(LedgerEntry entry)
    {
        entry.Unsettled++;
        _dirty = true;
    }

    public void Failed(LedgerEntry entry, string problem)
    {
        entry.Problem = problem;
        _dirty = true;
    }

    /// <returns>null when saved (or nothing to save), else why the file could not be written</returns>
    public string? Save(DateTimeOffset now)
    {
        if (Path.Length == 0 || (!_dirty && now - _savedAt < SeenSaveInterval))
            return null;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new LedgerFile
        {
            Version = CurrentVersion,
            LastRun = LastRun,
            Credit = Credit,
            Files = _files,
            Gone = [.. _gone.Values],
        }, FileInfo);
        var problem = AtomicFile.Write(Path, bytes, Access);
        if (problem is null)
            (_dirty, _savedAt) = (false, now);
        return problem;
    }

    internal sealed class LedgerFile
    {
        public int Version { get; set; }

        public DateTimeOffset? LastRun { get; set; }

        public double Credit { get; set; }

        public Dictionary<string, LedgerEntry>? Files { get; set; }

        public List<GoneArtifact>? Gone { get; set; }
    }
}

[JsonSerializable(typeof(DigestLedger.LedgerFile))]
internal sealed partial class DigestLedgerJsonContext : JsonSerializerContext;
