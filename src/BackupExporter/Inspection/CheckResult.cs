namespace BackupExporter.Inspection;

/// <summary>The outcome of one check of one artifact; <see cref="Detail"/> says why, for people.</summary>
internal sealed record CheckResult
{
    // Passes without a detail, or with a fixed one ("no sidecar", "gzip stream intact"), are the same for thousands
    // of artifacts: one shared instance each.
    private static readonly CheckResult Passed = new(true, (string?)null);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CheckResult> FixedPasses =
        new(StringComparer.Ordinal);

    // The detail in up to three parts, joined when read: a detail that repeats a string the observation holds anyway
    // (its path, the dump's completion time) refers to it instead of copying it, and the other parts are shared.
    private readonly string? _detail;
    private readonly string? _shared;
    private readonly string? _suffix;

    public CheckResult(bool ok, string? detail)
    {
        Ok = ok;
        _detail = detail;
    }

    private CheckResult(bool ok, string prefix, string shared, string suffix)
    {
        Ok = ok;
        (_detail, _shared, _suffix) = (prefix, shared, suffix);
    }

    public bool Ok { get; }

    public string? Detail => _shared is null ? _detail : string.Concat(_detail, _shared, _suffix);

    public static CheckResult Pass(string? detail = null) => detail is null ? Passed : new(true, detail);

    /// <summary>A pass whose detail is one of a few fixed texts, never one built from an artifact's data.</summary>
    public static CheckResult FixedPass(string detail) => FixedPasses.GetOrAdd(detail, d => new CheckResult(true, d));

    /// <summary>A pass whose detail is <paramref name="prefix"/>, a string kept elsewhere, and <paramref name="suffix"/>.</summary>
    public static CheckResult Pass(string prefix, string shared, string suffix) =>
        new(true, SharedText.Of(prefix)!, shared, SharedText.Of(suffix)!);

    public static CheckResult Fail(string detail) => new(false, detail);

    public void Deconstruct(out bool ok, out string? detail) => (ok, detail) = (Ok, Detail);

    public bool Equals(CheckResult? other) =>
        other is not null && Ok == other.Ok && string.Equals(Detail, other.Detail, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Ok, Detail);
}
