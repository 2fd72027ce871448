namespace BackupExporter.Inspection;

/// <summary>The outcome of one check of one artifact; <see cref="Detail"/> says why, for people.</summary>
internal sealed record CheckResult(bool Ok, string? Detail)
{
    public static CheckResult Pass(string? detail = null) => new(true, detail);
    public static CheckResult Fail(string detail) => new(false, detail);
}
