using static BackupExporter.Inspection.Logs.ErrorClass;
using static BackupExporter.Configuration.LogKind;

using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// The error taxonomy as data. The first row, in this order, whose kinds include the log's kind and whose pattern
/// matches a line decides that line: its class, or "not an error" for a null class. A line no row matches is not an
/// error. Texts come from REFERENCE.md and from the real tools (mariadb-dump and mariabackup 10.11); tests in
/// ErrorClassifierTests quote a real line for every class. Adding a pattern is adding one line here.
/// </summary>
internal static class ErrorPatterns
{
    private const LogKind NotCron = Tools | MysqlError;

    public static readonly IReadOnlyList<ErrorPattern> Rows =
    [
        new(All, null, "^# backup-exporter run "),                           // the run wrapper's own markers (RunMarkers)

        // A server that waits for disk space says so as a [Warning]; it is still a full disk.
        new(NotCron, DiskFull, "Disk (is )?full writing"),

        // Not errors: the line's own severity says so, even when it mentions an error.
        new(NotCron, null, "\\[(Warning|Note|System|Info|INFO|WARNING|NOTE)\\]"),
        new(Tools, null, "^Warning: "), // mysqldump: "Warning: A partial dump from a server that has GTIDs ..."
        new(Tools, null, "^(mysqldump|mariadb-dump|mysqlpump|mysql|mariadb): (\\[Warning\\] |Warning: )"),
        new(Tools, null, "recognized (server|client) arguments"),          // xtrabackup echoes its options, e.g. --log-error=...
        new(Cron, null, "\\) CMD \\("),                                     // the job's command line, whatever it contains

        new(NotCron, RedoLogOverrun, "log block numbers mismatch"),
        new(NotCron, RedoLogOverrun, "has wrapped around before"),
        new(NotCron, RedoLogOverrun, "log copying being too slow"),
        // mariabackup 10.8+: "... not N; try increasing innodb_log_file_size"
        new(NotCron, RedoLogOverrun, "Was only able to copy log from"),

        new(All, DiskFull, "No space left on device"),
        new(All, DiskFull, "errno:? 28\\b"),                                // "Got errno 28 on write", (errno: 28 - ...), (errno: 28 "...")
        new(All, DiskFull, "Errcode: 28\\b"),
        new(All, DiskFull, "error number 28\\b"),                           // InnoDB: Operating system error number 28
        new(NotCron, DiskFull, "Disk full"), // 1021 "Disk full (%s); waiting for someone to free some space..."
        new(NotCron, DiskFull, "The table '[^']*' is full"),                // 1114

        new(All, OutOfMemory, "Out of memory"),
        new(All, OutOfMemory, "out of memory"),                             // 2008 "MySQL client ran out of memory"
        new(All, OutOfMemory, "Out of sort memory"),
        new(All, OutOfMemory, "Cannot allocate memory"),
        new(All, OutOfMemory, "errno:? 12\\b"),
        new(All, OutOfMemory, "Errcode: 12\\b"),
        new(All, OutOfMemory, "error number 12\\b"),
        new(All, OutOfMemory, "std::bad_alloc"),

        new(NotCron, Corruption, "is marked as crashed"),                   // 1194/1195
        new(NotCron, Corruption, "Got error 1(26|27|45) from storage engine"),
        new(NotCron, Corruption, "Incorrect key file"),                     // 1034
        new(NotCron, Corruption, "Incorrect information in file"),
        new(NotCron, Corruption, "[Cc]orrupt"), // Corrupt, corrupted, corruption; "Index for table 't' is corrupt"
        new(NotCron, Corruption, "[Cc]hecksum mismatch"),
        new(NotCron, Corruption, "[Cc]hecksum does not match"),

        new(NotCron, MissingTable, "doesn't exist in engine"),              // 1932
        new(NotCron, MissingTable, "Table '[^']*' doesn't exist"),          // 1146
        new(NotCron, MissingTable, "Tablespace is missing"),                // 1812
        new(NotCron, MissingTable, "Tablespace .* is missing"),
        new(NotCron, MissingTable, "Couldn't find table"),                  // mysqldump: Couldn't find table: "t"
        new(NotCron, MissingTable, "Unknown database"),                     // 1049
        new(NotCron, MissingTable, "Unknown table"),                        // 1109, e.g. 'column_statistics' in information_schema

        new(NotCron, LockTimeout, "Lock wait timeout exceeded"),            // 1205, also metadata-lock waits
        new(NotCron, LockTimeout, "Deadlock found"),                        // 1213
        new(NotCron, LockTimeout, "\\((1205|1213)\\)"),
        new(NotCron, LockTimeout, "[Ee]rror:? (1205|1213)\\b"),
        new(NotCron, LockTimeout, "Unable to obtain lock"),                 // xtrabackup --ftwrl-wait-timeout / --backup-lock-timeout

        new(NotCron, AccessDenied, "Access denied"),                        // 1044, 1045, 1227
        new(NotCron, AccessDenied, "command denied to user"),               // 1142
        new(NotCron, AccessDenied, "\\((1044|1045|1142|1227)\\)"),
        new(NotCron, AccessDenied, "[Ee]rror:? (1044|1045|1142|1227)\\b"),
        new(NotCron, AccessDenied, "missing required privilege"),           // mariabackup: Error: missing required privilege RELOAD on *.*

        new(All, PermissionDenied, "Permission denied"),
        new(All, PermissionDenied, "Operation not permitted"),
        new(All, PermissionDenied, "errno:? 13\\b"),
        new(All, PermissionDenied, "Errcode: 13\\b"),
        new(All, PermissionDenied, "error number 13\\b"),                   // InnoDB: Operating system error number 13

        new(NotCron, ConnectionLost, "Can't connect to"),                   // 2002, 2003
        new(NotCron, ConnectionLost, "[Ss]erver has gone away"), // 2006: MySQL "MySQL server has gone away", MariaDB "Server has gone away"
        new(NotCron, ConnectionLost, "Lost connection to"),                 // 2013
        new(NotCron, ConnectionLost, "Failed to connect to"),               // mariabackup: Failed to connect to MariaDB server: ...
        new(NotCron, ConnectionLost, "Connection refused"),
        new(NotCron, ConnectionLost, "Connection reset by peer"),
        new(NotCron, ConnectionLost, "Unknown (MySQL )?server host"),        // 2005
        new(NotCron, ConnectionLost, "[Ee]rror:? (2002|2003|2005|2006|2013|2055)\\b"),
        new(NotCron, ConnectionLost, "\\((2002|2003|2006|2013|2055)\\)"),

        new(All, Interrupted, "Killed"),                                     // bash: "line 3: 1234 Killed  mysqldump ..."
        new(All, Interrupted, "Terminated"),
        new(All, Interrupted, "killed by signal"),
        new(All, Interrupted, "exit status 1(29|30|37|43)\\b"),              // cron: grandchild failed with exit status 137
        new(NotCron, Interrupted, "Query execution was interrupted"),       // 1317
        new(NotCron, Interrupted, "SIG(KILL|TERM|INT|HUP)\\b"),

        // Anything else that says it failed.
        new(All, Other, "\\[ERROR\\]"),
        new(All, Other, "\\[FATAL\\]"),
        new(All, Other, "Error:"),
        new(All, Other, "error:"),
        new(All, Other, "ERROR:"),
        new(All, Other, "ERROR [0-9]"),                                     // the mysql client: ERROR 1064 (42000) at line 1: ...
        new(All, Other, "Error [0-9]"),
        new(All, Other, "Got error"),
        new(All, Other, "Got errno"),
        new(All, Other, "Couldn't "),
        new(All, Other, "Can't "),
        new(All, Other, "Cannot "),
        new(All, Other, "cannot "),
        new(All, Other, "Unable to "),
        new(All, Other, "unable to "),
        new(All, Other, "[Ff]ailed"),
        new(All, Other, "FAILED"),
        new(All, Other, "failure"),
        new(All, Other, "Fatal"),
        new(All, Other, "fatal"),
        new(All, Other, "FATAL"),
        new(All, Other, "Aborted"),
        new(All, Other, "Aborting"),
        new(All, Other, "Assertion"),
        new(All, Other, "Segmentation fault"),
        new(All, Other, "core dumped"),
        new(All, Other, "got signal"),                                      // server crash: "mysqld got signal 11 ;"
        new(All, Other, "denied"),
        new(All, Other, "No such file or directory"),
        new(Cron, Other, "\\(CRON\\) error"),
        new(Xtrabackup | Run, Other, "seems not to be proper for the target"), // an incremental prepared on the wrong base
        new(Tools, Other, "[Ee]xception"),
    ];

    /// <summary>The rows for one log kind, in order.</summary>
    public static IReadOnlyList<ErrorPattern> For(LogKind kind) => Rows.Where(r => (r.Kinds & kind) != 0).ToList();
}
