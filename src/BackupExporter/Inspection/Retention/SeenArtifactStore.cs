using System.Text.Json;
using System.Text.Json.Serialization;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Retention;

/// <summary>
/// Keeps each set's <see cref="SeenArtifact"/> records in <c>&lt;state dir&gt;/seen/&lt;set&gt;.json</c>, replaced
/// atomically. A read-only store (<c>verify</c>) loads what <c>serve</c> kept and writes nothing.
/// </summary>
internal sealed class SeenArtifactStore(string directory, StateAccess access, bool readOnly = false) : ISeenArtifactMemory
{
    public const int CurrentVersion = 1;

    public string Directory { get; } = directory;

    public static string DefaultDirectory() => Path.Combine(StateDirectory.Default(), "seen");

    public string PathOf(string backup) => Path.Combine(Directory, backup + ".json");

    public (IReadOnlyList<SeenArtifact> Records, string? Problem) Load(string backup)
    {
        var path = PathOf(backup);
        try
        {
            if (!File.Exists(path))
                return ([], null);
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), SeenJsonContext.Default.SeenFile);
            if (file is not { Version: CurrentVersion, Artifacts: { } artifacts })
                return ([], $"{path}: not a version {CurrentVersion} record of seen artifacts; starting a new one");
            return (artifacts.Where(a => a.Path is { Length: > 0 }).Select(a => a.ToRecord()).ToList(), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return ([], $"{path}: cannot read the record of seen artifacts: {e.Message}");
        }
    }

    public string? Save(string backup, IReadOnlyList<SeenArtifact> records)
    {
        if (readOnly)
            return null;
        var file = new SeenFile(CurrentVersion, records.Select(SeenEntry.Of).ToList());
        return AtomicFile.Write(PathOf(backup), JsonSerializer.SerializeToUtf8Bytes(file, SeenJsonContext.Default.SeenFile), access);
    }
}

/// <summary>The file's shape: a version, then one entry per artifact.</summary>
internal sealed record SeenFile(int Version, List<SeenEntry>? Artifacts);

internal sealed record SeenEntry(string Path, long Size, DateTimeOffset Time, bool Good, DateTimeOffset LastSeen, DateTimeOffset? GoneAt,
    bool OutOfOrder)
{
    public static SeenEntry Of(SeenArtifact a) => new(a.Path, a.SizeBytes, a.Time, a.Good, a.LastSeen, a.GoneAt, a.OutOfOrder);

    public SeenArtifact ToRecord() => new(Path, Size, Time, Good, LastSeen) { GoneAt = GoneAt, OutOfOrder = OutOfOrder };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeenFile))]
internal sealed partial class SeenJsonContext : JsonSerializerContext;
