using BackupExporter.Decoding;


namespace BackupExporter.Inspection;

internal enum ArtifactStatus { Ok, Failed, InProgress }

internal static class ArtifactStatuses
{
    public static readonly IReadOnlyList<ArtifactStatus> All = Enum.GetValues<ArtifactStatus>();

    /// <summary>The verdict's word: the <c>status</c> label of <c>mysql_backup_artifacts</c> and the status report's.</summary>
    public static string Word(ArtifactStatus status) => status switch
    {
        ArtifactStatus.Ok => "ok",
        ArtifactStatus.Failed => "failed",
        ArtifactStatus.InProgress => "in_progress",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>
/// What one inspection found out about one artifact: the checks it could decide alone (<c>size</c>, which needs the
/// neighbours, and the artifact's status are decided with the set's other verdicts, from these). An artifact still
/// being written has no checks. Immutable; shared between snapshots.
/// </summary>
internal sealed record ArtifactObservation(
    string Path,
    long SizeBytes,
    DateTimeOffset ModifiedTime,
    bool InProgress,
    IReadOnlyDictionary<string, CheckResult> Checks,
    ArtifactFacts? Facts,
    CompressionFormat Compression)
{
    private readonly CheckTable _checks = CheckTable.From(Checks);

    /// <summary>Kept as a compact <see cref="CheckTable"/> whatever dictionary it was given.</summary>
    public IReadOnlyDictionary<string, CheckResult> Checks
    {
        get => _checks;
        init => _checks = CheckTable.From(value);
    }

    /// <summary>
    /// When the backup tool recorded that it finished (a dump's footer, xtrabackup_info's end_time, mydumper's
    /// metadata...), read from the artifact itself; null where the tool records nothing or the record was unusable.
    /// </summary>
    public DateTimeOffset? RecordedTime { get; init; }

    /// <summary>
    /// Why the tool's record of the finish time was not used (not a date, in the future, before the previous artifact),
    /// said as a warning on the set; null when it was used or there is none.
    /// </summary>
    public string? TimeProblem { get; init; }

    /// <summary>
    /// The artifact's time for every age, overdue, recovery-point, drill and off-site figure: the tool's own record,
    /// and the file time only where there is none (a copy, a clone or a <c>touch</c> changes the file time).
    /// </summary>
    public DateTimeOffset Time => RecordedTime ?? ModifiedTime;

    /// <summary>
    /// The bytes a compressed dump decompressed to, counted by its one read (no read of its own); null for an artifact
    /// that is not a compressed file or whose stream was damaged (a cut stream says nothing of the ratio).
    /// </summary>
    public long? UncompressedBytes
    {
        get => _uncompressed > 0 ? _uncompressed : null;
        init => _uncompressed = value ?? 0;
    }

    private readonly long _uncompressed;

    /// <summary>Uncompressed ÷ stored bytes of a compressed dump: random or encrypted content does not compress.</summary>
    public double? CompressionRatio => UncompressedBytes is { } content && SizeBytes > 0 && Compression != CompressionFormat.None
        && FirstFailure is null ? (double)content / SizeBytes : null;
    /// <summary>The digest the verification's own read computed, kept for re-verification; null when it computed none.</summary>
    public ArtifactDigest? Digest { get; init; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The first failed check, for one-line summaries.</summary>
    public KeyValuePair<string, CheckResult>? FirstFailure => _checks.FirstFailure();
}
