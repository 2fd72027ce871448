namespace BackupExporter.Inspection;

/// <summary>The names of the checks, as they appear in the <c>check</c> label.</summary>
internal static class CheckNames
{
    public const string Complete = "complete";
    public const string Checksum = "checksum";
    public const string Compression = "compression";
    public const string Size = "size";
    public const string Chain = "chain";

    /// <summary>Every check, in the order the status page lists them: the allowed values of the <c>check</c> label.</summary>
    public static readonly IReadOnlyList<string> All = [Complete, Compression, Checksum, Size, Chain];
}

/// <summary>The outcome of one check of one artifact; <see cref="Detail"/> says why, for people.</summary>
internal sealed record CheckResult(bool Ok, string? Detail)
{
    public static CheckResult Pass(string? detail = null) => new(true, detail);
    public static CheckResult Fail(string detail) => new(false, detail);
}
