using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BackupExporter.Platform;

namespace BackupExporter.Runs;

/// <summary>
/// The status file of a backup set's newest run (docs/configuration.md, "The run wrapper"): the contract between
/// <c>backup-exporter run</c>, which writes it (Cli/Run), and the run-status inspection (Inspection/Logs), which reads it. It is
/// written when the run starts, after each attempt, and at the end, each time atomically, so a reader sees one whole
/// version or the previous one.
/// </summary>
internal sealed record RunStatus(
    int Version,
    string Backup,
    string Host,
    int WrapperPid,
    IReadOnlyList<string> Command,
    string Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSeconds,
    int? ExitCode,
    string? Signal,
    bool TimedOut,
    string? InterruptedBy,
    IReadOnlyDictionary<string, long> ErrorLines,
    IReadOnlyList<string> LastErrorLines,
    IReadOnlyList<RunStatusAttempt> Attempts,
    RunStatusArtifact? Artifact,
    ChecksumInfo? Checksum,
    string? Log,
    IReadOnlyList<string> Problems)
{
    public const int CurrentVersion = 1;

    /// <summary>The copy of the artifact to a remote (<c>run --offsite</c>); absent without it, and in files of older releases.</summary>
    public RunStatusOffsiteCopy? OffsiteCopy { get; init; }

    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = RunStatusJsonContext.Default, // compile-time metadata: the native build cannot reflect
    };

    private static readonly JsonTypeInfo<RunStatus> Info = (JsonTypeInfo<RunStatus>)Json.GetTypeInfo(typeof(RunStatus));

    public string ToJson() => JsonSerializer.Serialize(this, Info) + "\n";

    public static RunStatus? Parse(string json) => JsonSerializer.Deserialize(json, Info);

    /// <summary>Where the status of a backup set goes unless <c>--status-file</c> says otherwise.</summary>
    public static string DefaultPath(string backup) => Path.Combine(StateDirectory.Default(), "run", backup + ".json");

    /// <returns>null when written, else why not</returns>
    public string? Write(string path, StateAccess access) => AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(ToJson()), access);
}

internal sealed record RunStatusAttempt(
    int Attempt,
    int? Pid,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationSeconds,
    int ExitCode,
    string? Signal,
    bool TimedOut,
    IReadOnlyDictionary<string, long> ErrorLines,
    string? RetryReason,
    double? RetryAfterSeconds);

/// <summary>The off-site copy a run made: where to, how it ended, after how many attempts, and rclone's error (redacted).</summary>
internal sealed record RunStatusOffsiteCopy(string Remote, string Destination, string Outcome, int Attempts, DateTimeOffset StartedAt,
    DateTimeOffset EndedAt, double DurationSeconds, string? Error);

internal sealed record RunStatusArtifact(string Path, long SizeBytes, DateTimeOffset ModifiedAt, bool IsDirectory);

/// <summary>The sidecar <c>--checksum</c> wrote for the produced artifact.</summary>
internal sealed record ChecksumInfo(string Algorithm, string Digest, string Sidecar);

[JsonSerializable(typeof(RunStatus))]
internal sealed partial class RunStatusJsonContext : JsonSerializerContext;
