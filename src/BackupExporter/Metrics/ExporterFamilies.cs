using static BackupExporter.Metrics.MetricLabels;
using G = BackupExporter.Metrics.MetricGroup;

namespace BackupExporter.Metrics;

/// <summary>The exporter's own families: per inspection (rendered from snapshots) and process-wide (kept in prometheus-net).</summary>
internal static class ExporterFamilies
{
    public static readonly Family InspectionSuccess = new("mysql_backup_exporter_inspection_success", "gauge",
        "1 when the newest run of the inspection succeeded, 0 when it failed or timed out.",
        G.Exporter, [InspectionName],
        "1 when the newest run of the inspection succeeded, 0 when it failed or timed out. A failed run keeps the previous observation "
            + "visible in every other metric, except a server inspection that timed out: that server is down (see above). Inspections are "
            + "named `backup:<name>`, `server:<name>` and `log:<path>`.");
    public static readonly Family InspectionDuration = new("mysql_backup_exporter_inspection_duration_seconds", "gauge",
        "How long the newest run of the inspection took.",
        G.Exporter, [InspectionName],
        "How long the newest run took.");
    public static readonly Family InspectionLastSuccess = new("mysql_backup_exporter_inspection_last_success_timestamp_seconds", "gauge",
        "When the newest successful run of the inspection started; 0 if none.",
        G.Exporter, [InspectionName],
        "When the newest successful run started; 0 if none.");

    public static readonly Family BuildInfo = new("mysql_backup_exporter_build_info", "gauge",
        "The exporter's version; always 1.",
        G.Exporter, [ExporterVersion],
        "Always 1.");
    public static readonly Family ReloadOk = new("mysql_backup_exporter_config_last_reload_successful", "gauge",
        "1 when the last configuration (re)load succeeded.",
        G.Exporter, [],
        "1 when the last load of the configuration file succeeded (at start, on SIGHUP or `POST /-/reload`) and the last "
        + "change of the web configuration file is in force (0 while a change is refused: invalid, or lowering its protection).");
    public static readonly Family ReloadTime = new("mysql_backup_exporter_config_last_reload_success_timestamp_seconds", "gauge",
        "When the configuration was last loaded successfully.",
        G.Exporter, [],
        "When the configuration was last loaded successfully.");
    public static readonly Family InspectionsStuck = new("mysql_backup_exporter_inspections_stuck", "gauge",
        "Inspections whose last run went past its timeout and has not returned yet (a read hung in the kernel, a server that accepts but "
            + "never answers); none of them is started again until it returns.",
        G.Exporter, [],
        "Inspections whose newest run went past its timeout and has not returned yet: a read hung in the kernel (a dead NFS mount), "
            + "a server session that never ends. Such an inspection is not started again until its run returns, so a hang costs one "
            + "thread, not one per round; its `inspection_success` is 0 meanwhile. Non-zero for long means a mount "
            + "or a server to look at.");
    public static readonly Family HashedBytes = new("mysql_backup_exporter_hashed_bytes_total", "counter",
        "Bytes of artifacts read for verification (hash, decompression and footer share one read).",
        G.Exporter, [],
        "Bytes of artifacts read for verification. Hashing, decompression and the footer search share one read, and an unchanged artifact "
            + "(same path, size and modification time) is never read again, so this stays flat while nothing changes on disk.");
    public static readonly Family ProcessCpu = new("process_cpu_seconds_total", "counter",
        "Total user and system CPU time spent in seconds.",
        G.Exporter, [],
        "CPU time of the exporter's process, user and system.");
    public static readonly Family ProcessResidentMemory = new("process_resident_memory_bytes", "gauge",
        "Resident memory size in bytes.",
        G.Exporter, [],
        "Resident memory of the exporter's process.");
    public static readonly Family ProcessStart = new("process_start_time_seconds", "gauge",
        "Start time of the process since unix epoch in seconds.",
        G.Exporter, [],
        "When the exporter's process started.");

    /// <summary>The families kept in prometheus-net, which writes them before the snapshot's.</summary>
    public static readonly Family[] ProcessWide = [BuildInfo, ReloadOk, ReloadTime, HashedBytes, InspectionsStuck, ProcessCpu,
        ProcessResidentMemory, ProcessStart];
}
