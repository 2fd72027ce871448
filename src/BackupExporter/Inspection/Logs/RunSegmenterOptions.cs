namespace BackupExporter.Inspection.Logs;

internal sealed record RunSegmenterOptions
{
    public static readonly RunSegmenterOptions Default = new();

    /// <summary>
    /// Lines further apart than this (by their timestamps, or by when the exporter read them) belong to different runs,
    /// unless the wrapper's markers hold them together. Shorter than the interval between two scheduled runs.
    /// </summary>
    public TimeSpan RunGap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>When set, the wrapper markers of other backup sets, and the lines between them, are ignored.</summary>
    public string? Backup { get; init; }

    /// <summary>For cron logs: only CMD lines that contain this text start a run, and only their job's lines count.</summary>
    public string? CronCommand { get; init; }

    /// <summary>The time zone of timestamps written without one (MariaDB error logs, mariabackup, syslog).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>How many of the last unrecognised (<c>other</c>) lines a run keeps.</summary>
    public int RecentLines { get; init; } = 5;
}
