namespace BackupExporter.Configuration;

/// <summary>
/// What a site has promised to keep of a set (<c>retention</c>): at least <see cref="MinGood"/> good artifacts, and a
/// good one from every day of the last <see cref="WindowDays"/> days, so that any of those days can be restored.
/// </summary>
internal sealed record RetentionConfig(int MinGood, int WindowDays)
{
    public TimeSpan Window => TimeSpan.FromDays(WindowDays);
}
