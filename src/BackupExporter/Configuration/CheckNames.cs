namespace BackupExporter.Configuration;

/// <summary>
/// The checks an artifact can pass or fail: the values of the <c>check</c> label. Defined here, beside the backup
/// kinds, because each kind's descriptor says which of them apply to its artifacts (<see cref="BackupKindDescriptor.Checks"/>).
/// </summary>
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
