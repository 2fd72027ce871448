namespace BackupExporter.Inspection;

/// <summary>The outcome of one check of one artifact; <see cref="Detail"/> says why, for people.</summary>
internal sealed record CheckResult(bool Ok, string? Detail)
{
    // Passes without a detail, or with a fixed one ("no sidecar", "gzip stream intact"), are the same for thousands
    // of artifacts: one shared instance each.
    private static readonly CheckResult Passed = new(true, null);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CheckResult> FixedPasses = new(StringComparer.Ordinal);

    public static CheckResult Pass(string? detail = null) => detail is null ? Passed : new(true, detail);

    /// <summary>A pass whose detail is one of a few fixed texts, never one built from an artifact's data.</summary>
    public static CheckResult FixedPass(string detail) => FixedPasses.GetOrAdd(detail, d => new CheckResult(true, d));

    public static CheckResult Fail(string detail) => new(false, detail);
}
