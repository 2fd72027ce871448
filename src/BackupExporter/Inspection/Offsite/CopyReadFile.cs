using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Offsite;

/// <summary>
/// The downloads of one remote of a set with <c>reverify</c>, kept across restarts in the state directory
/// (<c>&lt;state dir&gt;/offsite/&lt;set&gt;/&lt;remote&gt;.json</c>, replaced atomically), so that a restart neither
/// downloads every copy again nor forgets when each was last verified.
/// </summary>
internal static class CopyReadFile
{
    public const string DirectoryName = "offsite";
    private const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = CopyReadJsonContext.Default, // compile-time metadata: the native build cannot reflect
    };

    private static readonly JsonTypeInfo<Content> Info = (JsonTypeInfo<Content>)Json.GetTypeInfo(typeof(Content));

    public static string For(string stateDirectory, string setName, string remoteName) =>
        Path.Combine(stateDirectory, DirectoryName, setName, remoteName + ".json");

    /// <returns>the saved reads (empty when none), and a warning when the file could not be read</returns>
    /// <param name="remote">the remote's path now: reads saved of another one (the remote was moved) are not its copies</param>
    public static (Dictionary<string, CopyRead> Reads, string? Warning) Load(string path, string remote)
    {
        try
        {
            var content = JsonSerializer.Deserialize(File.ReadAllBytes(path), Info);
            if (content?.Objects is null || content.Version != CurrentVersion)
                return ([], $"the off-site download record {path} is unreadable: not a version {CurrentVersion} record; "
                    + "every copy is downloaded again");
            if (content.Remote != remote)
                return ([], null);
            return (new Dictionary<string, CopyRead>(content.Objects, StringComparer.Ordinal), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ([], null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            return ([], $"the off-site download record {path} is unreadable: {reason}; every copy is downloaded again");
        }
    }

    /// <returns>null when written, else why not</returns>
    public static string? Save(string path, string remote, IReadOnlyDictionary<string, CopyRead> reads, StateAccess access) =>
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(new Content
        {
            Version = CurrentVersion,
            Remote = remote,
            Objects = new Dictionary<string, CopyRead>(reads, StringComparer.Ordinal),
        }, Info), access);

    internal sealed class Content
    {
        public int Version { get; set; }

        /// <summary>The remote the reads are of (<c>offsite.remote</c>).</summary>
        public string? Remote { get; set; }

        public Dictionary<string, CopyRead>? Objects { get; set; }
    }
}

[JsonSerializable(typeof(CopyReadFile.Content))]
internal sealed partial class CopyReadJsonContext : JsonSerializerContext;
