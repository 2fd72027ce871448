namespace BackupExporter.Configuration;

/// <summary>
/// Rotating re-verification of a set (<c>reverify: {period: 7d, max_rate: 50MiB/s}</c>): every retained artifact is
/// read again within <see cref="Period"/>, at most <see cref="MaxBytesPerSecond"/>, at idle I/O priority.
/// </summary>
internal sealed record ReverifyConfig(TimeSpan Period, long MaxBytesPerSecond)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);

    public const long DefaultMaxBytesPerSecond = 50L * 1024 * 1024;
}
