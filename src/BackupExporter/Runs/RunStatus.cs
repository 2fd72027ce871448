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
/// <remarks>
/// Named properties, set with an object initializer: the ones every file holds are required (a file without them
/// is not read), the others may be left out (null, false or empty when written here). Their order is the order of
/// the file's keys.
/// </remarks>
internal sealed record RunStatus
{
    public const int CurrentVersion = 1;

    public required int Version { get; init; }

    public required string Backup { get; init; }

    public required string Host { get; init; }

    public required int WrapperPid { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    public required string Outcome { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public double? DurationSeconds { get; init; }

    public int? ExitCode { get; init; }

    public string? Signal { get; init; }

    public bool TimedOut { get; init; }

    public string? InterruptedBy { get; init; }

    public required IReadOnlyDictionary<string, long> ErrorLines { get; init; }

    public IReadOnlyList<string> LastErrorLines { get; init; } = [];

    public IReadOnlyList<RunStatusAttempt> Attempts { get; init; } = [];

    public RunStatusArtifact? Artifact { get; init; }

    public ChecksumInfo? Checksum { get; init; }

    public string? Log { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

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

/// <summary>One attempt of the command: how it ended, its error lines, and why and when it was tried again.</summary>
internal sealed record RunStatusAttempt
{
    public required int Attempt { get; init; }

    public int? Pid { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required int ExitCode { get; init; }

    public string? Signal { get; init; }

    public bool TimedOut { get; init; }

    public required IReadOnlyDictionary<string, long> ErrorLines { get; init; }

    public string? RetryReason { get; init; }

    public double? RetryAfterSeconds { get; init; }
}

/// <summary>The off-site copy a run made: where to, how it ended, after how many attempts, and rclone's error (redacted).</summary>
internal sealed record RunStatusOffsiteCopy
{
    public required string Remote { get; init; }

    public required string Destination { get; init; }

    public required string Outcome { get; init; }

    public required int Attempts { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public string? Error { get; init; }
}

internal sealed record RunStatusArtifact(string Path, long SizeBytes, DateTimeOffset ModifiedAt, bool IsDirectory);

/// <summary>The sidecar <c>--checksum</c> wrote for the produced artifact.</summary>
internal sealed record ChecksumInfo(string Algorithm, string Digest, string Sidecar);

[JsonSerializable(typeof(RunStatus))]
internal sealed partial class RunStatusJsonContext : JsonSerializerContext;
