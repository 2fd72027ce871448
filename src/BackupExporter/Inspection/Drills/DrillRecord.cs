using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BackupExporter.Inspection.Drills;

/// <summary>
/// How a restore drill ended: <see cref="Ok"/> when the sandbox server started on the restored data and every check
/// held; <see cref="Failed"/> when any phase failed; <see cref="Unsupported"/> when this host cannot restore the kind
/// (e.g. a mysqlsh dump without <c>mysqlsh</c> installed): neither proof nor failure.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DrillVerdict>))]
internal enum DrillVerdict
{
    Ok,
    Failed,
    Unsupported,
}

/// <summary>
/// The outcome of one restore drill: the contract between the <c>drill</c> command, which writes it (also when the
/// exporter schedules a drill, in a child process), and the exporter, which exports and shows it. Durations are per
/// phase (<see cref="DrillPhases"/>), measured by the drill itself.
/// </summary>
internal sealed record DrillRecord(
    string Backup,
    string Kind,
    DrillVerdict Verdict,
    string? Error,
    string? FailedPhase,
    string? ArtifactPath,
    DateTimeOffset? ArtifactTime,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyDictionary<string, double> PhaseSeconds,
    long RestoredBytes,
    IReadOnlyList<DrillSchemaCount> Schemas,
    IReadOnlyList<DrillCheckResult> Checks)
{
    /// <summary>Newer artifacts the drill passed over for the one it restored, and why (e.g. a stalled partial file).</summary>
    /// <remarks>Null from the JSON of an older history (the key is missing) reads as none.</remarks>
    public IReadOnlyList<DrillSkippedArtifact> Skipped { get; init => field = value ?? []; } = [];

    /// <summary>What the drill said besides its verdict: tables new or gone since the last success, an interrupted drill.</summary>
    public IReadOnlyList<string> Notes { get; init => field = value ?? []; } = [];
    /// <summary>
    /// The artifact's size as stored (compressed, as the set's inspection measured it): the size the restore time is
    /// fitted on. Null where the drill restored nothing or the record predates it.
    /// </summary>
    public long? ArtifactBytes { get; init; }

    /// <summary>
    /// The seconds spent initialising and starting the sandbox server: the part of the restore that does not grow
    /// with the artifact. Null where no server started or the record predates it.
    /// </summary>
    public double? ServerStartSeconds { get; init; }

    /// <summary>The binary log bytes replayed after the restore (<c>restore_test.replay_binlogs</c>); 0 without a replay.</summary>
    public long BinlogBytes { get; init; }

    /// <summary>The seconds the binlog replay took (part of the restore phase); null when none was replayed.</summary>
    public double? BinlogSeconds { get; init; }

    /// <summary>
    /// The time of the newest binlog event the drill replayed (<c>restore_test.replay_binlogs</c>): how far past the
    /// artifact the drill proved a restore; null without a replay.
    /// </summary>
    public DateTimeOffset? ReplayedTo { get; init; }

    /// <summary>
    /// The restore time the set's drill history predicted for this drill's artifact and binlogs before it ran; null
    /// without evidence (no earlier passed drill with sizes).
    /// </summary>
    public double? PredictedSeconds { get; init; }

    public int Tables => Schemas.Sum(s => s.Tables);

    public long Rows => Schemas.Sum(s => s.Rows);

    public double? TotalSeconds => PhaseSeconds.TryGetValue(DrillPhases.Total, out var total) ? total : null;
}

/// <summary>The label values of <c>phase</c>: what each part of a drill measures.</summary>
internal static class DrillPhases
{
    /// <summary>Decompress, extract or copy the artifact into the sandbox.</summary>
    public const string Fetch = "fetch";

    /// <summary>Load the dump, or prepare the physical backup and start the server on it.</summary>
    public const string Restore = "restore";

    /// <summary>CHECK TABLE, counts, and the configured checks.</summary>
    public const string Verify = "verify";

    /// <summary>The whole drill: the measured restore time.</summary>
    public const string Total = "total";

    public static readonly IReadOnlyList<string> All = [Fetch, Restore, Verify, Total];
}

/// <summary>What one schema held after the restore.</summary>
internal sealed record DrillSchemaCount(string Schema, int Tables, long Rows)
{
    /// <summary>Exact rows per table (by table name), compared per table with the next drill; empty in older histories.</summary>
    // The JSON reader passes null for a key an older file does not have.
    public IReadOnlyDictionary<string, long> TableRows
    {
        get;
        init => field = value ?? new Dictionary<string, long>(StringComparer.Ordinal);
    } = new Dictionary<string, long>(StringComparer.Ordinal);
}

/// <summary>One configured <c>checks</c> query on the restored copy, with the value it returned.</summary>
internal sealed record DrillCheckResult(string Sql, string? Value, bool Ok, string? Error);

/// <summary>
/// What is kept for one backup set (<c>&lt;state dir&gt;/drills/&lt;backup&gt;.json</c>): the newest drill, the newest
/// successful one (counts are compared with it), and the last few outcomes for the status page.
/// </summary>
internal sealed record DrillHistory(
    int Version,
    DrillRecord? Newest,
    DrillRecord? LastSuccess,
    IReadOnlyList<DrillOutcome> Recent)
{
    public const int CurrentVersion = 1;
    public const int RecentLimit = 10;

    /// <summary>How many passed drills are kept as the evidence of the restore time fit.</summary>
    public const int PassedLimit = 10;

    public static readonly DrillHistory Empty = new(CurrentVersion, null, null, []);

    private readonly IReadOnlyList<DrillRecord> _passed = [];

    /// <summary>
    /// The newest passed drills, newest first, at most <see cref="PassedLimit"/>: the evidence the restore time is
    /// fitted from (Reporting/RestorePrediction). Kept without their schemas and checks (<see cref="LastSuccess"/> has
    /// those); empty in a history written before it was kept (the reader sets a missing list to null: made empty).
    /// </summary>
    public IReadOnlyList<DrillRecord> Passed
    {
        get => _passed;
        init => _passed = value ?? [];
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = DrillJsonContext.Default, // compile-time metadata: the native build cannot reflect
    };

    private static readonly JsonTypeInfo<DrillHistory> Info = (JsonTypeInfo<DrillHistory>)Json.GetTypeInfo(typeof(DrillHistory));

    /// <summary>The history with one more drill: newest, last success when it passed, and the recent outcomes capped.</summary>
    public DrillHistory With(DrillRecord drill) => this with
    {
        Newest = drill,
        LastSuccess = drill.Verdict == DrillVerdict.Ok ? drill : LastSuccess,
        Recent = [.. Recent.Prepend(DrillOutcome.Of(drill)).Take(RecentLimit)],
        Passed = drill.Verdict == DrillVerdict.Ok
            ? [.. Passed.Prepend(drill with { Schemas = [], Checks = [] }).Take(PassedLimit)]
            : Passed,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Info) + "\n";

    public static DrillHistory? Parse(string json) => JsonSerializer.Deserialize(json, Info);
}

/// <summary>One line of a set's drill history.</summary>
internal sealed record DrillOutcome(DateTimeOffset StartedAt, DateTimeOffset EndedAt, DrillVerdict Verdict,
    string? Error, double? TotalSeconds)
{
    public static DrillOutcome Of(DrillRecord drill) => new(drill.StartedAt, drill.EndedAt, drill.Verdict, drill.Error, drill.TotalSeconds);
}

[JsonSerializable(typeof(DrillHistory))]
internal sealed partial class DrillJsonContext : JsonSerializerContext;
