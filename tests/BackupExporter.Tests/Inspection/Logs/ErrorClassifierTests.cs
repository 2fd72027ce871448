using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Tests.Support;
using static BackupExporter.Inspection.Logs.ErrorClass;
using static BackupExporter.Configuration.LogKind;

namespace BackupExporter.Tests.Inspection.Logs;

/// <summary>
/// Real lines, one or more per class and log kind. "REFERENCE" lines are quoted exactly from REFERENCE.md; "real"
/// lines were written by mariadb-dump / mariabackup 10.11 on this project's machine; "shape" lines fill a message
/// text from REFERENCE.md into a line shape from REFERENCE.md.
/// </summary>
public sealed class ErrorClassifierTests
{
    private static readonly List<(LogKind Kind, string Line, ErrorClass? Class)> Table =
    [
        // mysqldump / mariadb-dump
        (Mysqldump, "mariadb-dump: Got errno 28 on write", DiskFull),                                           // REFERENCE
        (Mysqldump, "mariadb-dump: Got error: 1045: \"Access denied for user 'root'@'localhost' (using password: YES)\" when "
            + "trying to connect", AccessDenied), // REFERENCE
        (Mysqldump, "mariadb-dump: Got error: 1049: \"Unknown database 'nosuchdb'\" when selecting "
            + "the database", MissingTable), // REFERENCE
        (Mysqldump, "mysqldump: Error 2013: Lost connection to MySQL server during query when dumping table `orders` "
            + "at row: 10000", ConnectionLost), // REFERENCE
        (Mysqldump, "mysqldump: Couldn't execute 'FLUSH TABLES WITH READ LOCK': Lock wait timeout exceeded; try restarting "
            + "transaction (1205)", LockTimeout), // REFERENCE
        (Mysqldump, "mariadb-dump: Couldn't find table: \"nosuchtable\"", MissingTable),                        // real
        (Mysqldump, "mariadb-dump: Couldn't execute 'FLUSH /*!40101 LOCAL */ TABLES': Access denied; you need (at least one of) "
            + "the RELOAD privilege(s) for this operation (1227)", AccessDenied), // real
        (Mysqldump, "mariadb-dump: Got error: 2002: \"Can't connect to server on '127.0.0.1' (115)\" when "
            + "trying to connect", ConnectionLost), // real
        (Mysqldump, "mariadb-dump: Got error: 2002: \"Can't connect to local server through socket '/nonexist' (2)\" when "
            + "trying to connect", ConnectionLost), // real
        (Mysqldump, "mysqldump: Got error: 2006: \"MySQL server has gone away\" when using LOCK TABLES", ConnectionLost), // shape
        (Mysqldump, "mysqldump: Can't create/write to file '/backup/mysql/shop.sql' (Errcode: "
            + "13 - Permission denied)", PermissionDenied), // shape (mysys)
        (Mysqldump, "mysqldump: Error 1194: Table 'orders' is marked as crashed and should be repaired when dumping table "
            + "`orders` at row: 0", Corruption), // shape
        (Mysqldump, "mysqldump: Got error: 1034: \"Incorrect key file for table 'orders'; try to repair it\" when using "
            + "LOCK TABLES", Corruption), // shape
        (Mysqldump, "mysqldump: Error 2008: MySQL client ran out of memory when dumping table `orders` at row: 5000", OutOfMemory), // shape
        (Mysqldump, "mysqldump: Error 1317: Query execution was interrupted when dumping table `orders` at row: 10", Interrupted), // shape
        (Mysqldump, "/usr/local/bin/backup.sh: line 5: 12345 Killed                  mysqldump --all-databases", Interrupted), // bash
        (Mysqldump, "mysqldump: Error: Binlogging on server not active", Other),                                // REFERENCE shape
        (Mysqldump, "mysqldump: Couldn't execute 'SELECT COLUMN_NAME FROM information_schema.COLUMN_STATISTICS': Unknown table "
            + "'column_statistics' in information_schema (1109)", MissingTable), // shape
        (Mysqldump, "Warning: A partial dump from a server that has GTIDs will by default include the GTIDs of all "
            + "transactions, even those that changed suppressed parts of the database.", null), // REFERENCE (start)
        (Mysqldump, "mysqldump: [Warning] Using a password on the command line interface can be insecure.", null),
        (Mysqldump, "-- Dump completed on 2026-11-24 23:55:18", null),                                         // REFERENCE

        // xtrabackup / mariabackup
        (Xtrabackup, "xtrabackup: error: log block numbers mismatch:", RedoLogOverrun),                        // REFERENCE
        (Xtrabackup, "it looks like InnoDB log has wrapped around before xtrabackup could process all records due to either "
            + "log copying being too slow, or log files being too small.", RedoLogOverrun), // REFERENCE
        (Xtrabackup, "[00] 2025-08-04 09:15:57 Was only able to copy log from 58087 to 59916, not 68968; "
            + "try increasing innodb_log_file_size", RedoLogOverrun), // mariabackup 10.11
        (Xtrabackup, "[00] 2026-11-25 07:54:59 Error: missing required privilege RELOAD on *.*", AccessDenied), // real
        (Xtrabackup, "[00] 2026-11-25 07:54:50 Failed to connect to MariaDB server: Can't connect to server on '127.0.0.1' (111 "
            + "\"Connection refused\").", ConnectionLost), // real
        (Xtrabackup, "[00] 2026-11-25 07:54:59 Error: cannot mkdir 20: /dev/full/x/", Other),                   // real
        (Xtrabackup, "\amariabackup: Can't create file '/tmp/capture/full/ib_logfile0' (errno: "
            + "17 \"File exists\")", Other), // real, with mysys's BEL
        (Xtrabackup, "[00] 2026-11-25 07:54:59 Error: failed to open the target stream for 'ib_logfile0'.", Other), // real
        (Xtrabackup, "xtrabackup: error: This incremental backup seems not to be proper for the target.", Other), // REFERENCE text
        (Xtrabackup, "[01] 2026-11-24 23:55:22 mariabackup: Error writing file '/backup/xb/ibdata1' (errno: 28 \"No space left "
            + "on device\")", DiskFull), // shape
        (Xtrabackup, "2026-11-24 23:55:22 0 [ERROR] InnoDB: Operating system error number 13 in a "
            + "file operation.", PermissionDenied), // REFERENCE text
        (Xtrabackup, "2026-11-24T23:55:22.835618-00:00 0 [ERROR] [MY-011825] [Xtrabackup] failed to execute query 'FLUSH "
            + "NO_WRITE_TO_BINLOG TABLES' : 1205 (HY000) Lock wait timeout exceeded; try restarting "
            + "transaction", LockTimeout), // shape (PXB 8)
        (Xtrabackup, "2026-11-24 23:55:22 0 [ERROR] InnoDB: Table `shop`.`orders` Tablespace is missing", MissingTable), // shape
        (Xtrabackup, "2026-11-24 23:55:22 0 [ERROR] InnoDB: Database page corruption on disk or a failed read of file "
            + "'./shop/orders.ibd' page [page id: space=5, page number=3]", Corruption), // shape
        (Xtrabackup, "[00] 2026-11-24 23:55:22 mariabackup: Error: cannot allocate buffer (errno: 12 \"Cannot "
            + "allocate memory\")", OutOfMemory), // shape
        (Xtrabackup, "/usr/local/bin/xb.sh: line 9: 2211 Terminated              mariabackup --backup "
            + "--target-dir=/backup/xb", Interrupted), // bash
        (Xtrabackup, "[00] 2026-11-24 23:55:22 completed OK!", null),                                          // REFERENCE
        (Xtrabackup, "2026-11-25  7:54:59 0 [Note] InnoDB: Buffered log writes (block size=4096 bytes)", null),  // real
        (Xtrabackup, "[00] 2026-11-25 07:54:57 Copying ./mysql/innodb_table_stats.ibd to "
            + "/tmp/capture/full/mysql/innodb_table_stats.ibd", null), // real
        (Xtrabackup, "xtrabackup: recognized server arguments: --datadir=/var/lib/mysql --log-error=/var/log/mysql/error.log", null),

        // mysqld / mariadbd error log
        (MysqlError, "2023-03-25 18:29:26 7 [Warning] mysqld: Disk is full writing './mysql-bin.000012' "
            + "(Errcode: 28 \"No space left on device\"). Waiting for someone to free space... (Expect up "
            + "to 60 secs delay for server to continue after freeing disk space)", DiskFull), // shape (mysys, MariaDB errno)
        (MysqlError, "2020-08-06T14:25:02.835618Z 7 [ERROR] [MY-012138] [Server] Disk full "
            + "(/tmp/#sql_1_0.MAI); waiting for someone to free some space... (errno: 28 - No space "
            + "left on device)", DiskFull), // shape (1021, MySQL errno)
        (MysqlError, "2023-03-25 18:29:26 0 [ERROR] InnoDB: Operating system error number 13 in a "
            + "file operation.", PermissionDenied), // REFERENCE text
        (MysqlError, "2023-03-25 18:29:26 12 [ERROR] Slave I/O: error connecting to master 'repl@10.0.0.1:3306' - retry-time: "
            + "60  maximum-retries: 86400  message: Access denied for user 'repl'@'10.0.0.2' (using password: YES), Internal MariaDB "
            + "error code: 1045", AccessDenied),
        (MysqlError, "2023-03-25 18:29:26 12 [ERROR] Error reading packet from server: Lost connection to "
            + "server during query (server_errno=2013)", ConnectionLost), // REFERENCE text (MariaDB 2013)
        (MysqlError, "2020-08-06T14:25:02.835618Z 12 [ERROR] [MY-010584] [Repl] Slave SQL for channel '': Worker 1 failed executing "
            + "transaction; Error 'Lock wait timeout exceeded; try restarting transaction' on query.", LockTimeout),
        (MysqlError, "2023-03-25 18:29:26 5 [ERROR] mariadbd: Table 'shop.orders' doesn't "
            + "exist in engine", MissingTable), // REFERENCE text (1932)
        (MysqlError, "2023-03-25 18:29:26 5 [ERROR] mariadbd: Table './shop/orders' is marked as crashed and "
            + "should be repaired", Corruption), // REFERENCE text (1194)
        (MysqlError, "2023-03-25 18:29:26 5 [ERROR] Got error 145 from storage engine", Corruption),                // REFERENCE text
        (MysqlError, "2023-03-25 18:29:26 5 [ERROR] mariadbd: Out of memory (Needed 65536 bytes)", OutOfMemory),    // REFERENCE text (1037)
        (MysqlError, "230325 18:29:26 [ERROR] mysqld got signal 11 ;", Other), // REFERENCE (crash header)
        (MysqlError, "2023-03-25 18:29:26 0 [ERROR] Aria engine is not enabled or did not start. The Aria engine must be enabled to "
            + "continue as mysqld was configured with --with-aria-tmp-tables", Other),
        (MysqlError, "2020-08-06T14:25:02.835618Z 0 [Note] [MY-012487] [InnoDB] msg", null),                         // REFERENCE
        (MysqlError, "2026-11-25  7:54:59 11 [Warning] Access denied for user 'root'@'localhost' "
            + "(using password: YES)", null), // real: a failed login is a warning
        (MysqlError, "2026-11-25  7:54:56 0 [Warning] Aborted connection 1234 to db: 'shop' user: 'app' host: 'localhost' (Got an error "
            + "reading communication packets)", null),
        (MysqlError, "2026-11-25  7:54:56 0 [Note] mariadbd: ready for connections.", null),                          // real

        // cron
        (Cron, "Nov 24 02:00:01 db1 CRON[12345]: (root) CMD (/usr/local/bin/backup.sh >> "
            + "/backup/backup_error.log 2>&1)", null), // REFERENCE
        (Cron, "Nov 24 02:00:01 db1 CRON[12344]: (CRON) info (No MTA installed, discarding output)", null),           // REFERENCE
        (Cron, "Nov 24 02:07:13 db1 CRON[2790]: (CRON) error (grandchild #2791 failed with exit status 1)", Other),    // REFERENCE shape
        (Cron, "Nov 24 02:07:13 db1 CRON[2790]: (CRON) error (grandchild #2791 failed with exit status 137)", Interrupted),
        (Cron, "2026-11-24T02:00:01.123456+01:00 db1 crond[2001]: (root) FAILED to open PAM security session "
            + "(Permission denied)", PermissionDenied), // cronie, RFC 3339 stamp
        (Cron, "Nov 24 02:00:01 db1 CRON[2001]: (CRON) error (can't write to /var/spool/cron: No space left on device)", DiskFull),
        (Cron, "Nov 24 02:00:01 db1 kernel: [123.4] EXT4-fs error (device sda1): ext4_find_entry: reading "
            + "directory lblock 0", null), // not cron's

        // run: whatever tool runs inside the wrapper
        (Run, "mariadb-dump: Got errno 28 on write", DiskFull),
        (Run, "xtrabackup: error: log block numbers mismatch:", RedoLogOverrun),
        (Run, "mariadb-dump: Got error: 1045: \"Access denied for user 'root'@'localhost' (using password: YES)\" when "
            + "trying to connect", AccessDenied),
        (Run, "mysqldump: Error 2013: Lost connection to MySQL server during query when dumping table `orders` "
            + "at row: 10000", ConnectionLost),
        (Run, "mysqldump: Couldn't execute 'FLUSH TABLES WITH READ LOCK': Lock wait timeout exceeded; try restarting "
            + "transaction (1205)", LockTimeout),
        (Run, "mariadb-dump: Got error: 1049: \"Unknown database 'nosuchdb'\" when selecting the database", MissingTable),
        (Run, "gzip: stdout: No space left on device", DiskFull),
        (Run, "bash: /backup/mysql/shop.sql.gz: Permission denied", PermissionDenied),
        (Run, "zstd: error 70 : Write error : cannot write block : Cannot allocate memory", OutOfMemory),
        (Run, "mysqldump: Error 1194: Table 'orders' is marked as crashed and should be repaired when dumping table "
            + "`orders` at row: 0", Corruption),
        (Run, "/usr/local/bin/backup.sh: line 5: 12345 Killed                  mysqldump --all-databases", Interrupted),
        (Run, "rclone: Failed to copy: directory not found", Other),
        (Run, "# backup-exporter run end backup=nightly pid=4242 attempt=1 exit=2 signal=none duration=12.5 at=2026-11-24T02:00:13Z", null),
        (Run, "Warning: A partial dump from a server that has GTIDs will by default include the GTIDs of all transactions", null),
    ];

    /// <summary>The table for xunit, whose test methods cannot take internal types: kind name, line, class label.</summary>
    public static TheoryData<string, string, string?> Lines()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var (kind, line, errorClass) in Table)
            data.Add(LogKinds.Name(kind), line, errorClass is { } c ? ErrorClasses.Label(c) : null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Each_line_gets_its_class(string kind, string line, string? expected)
    {
        var actual = ErrorClassifier.For(LogKinds.Parse(kind)!.Value).Classify(line);
        Assert.Equal(expected, actual is { } c ? ErrorClasses.Label(c) : null);
    }

    [Fact]
    public void Every_class_has_a_line_of_every_tool_kind_in_the_table_above()
    {
        var lines = Table.Select(row => (row.Kind, row.Class)).ToHashSet();
        foreach (var kind in new[] { Mysqldump, Xtrabackup, Run })
            foreach (var errorClass in ErrorClasses.All.Where(c => c != RedoLogOverrun || kind != Mysqldump))
                Assert.True(lines.Contains((kind, errorClass)) || (kind == Mysqldump && errorClass == RedoLogOverrun),
                    $"no test line of class {ErrorClasses.Label(errorClass)} for {LogKinds.Name(kind)}");
    }

    [Fact]
    public void Labels_are_the_fixed_lower_case_names()
    {
        Assert.Equal(
            ["disk_full", "permission_denied", "access_denied", "connection_lost", "lock_timeout", "missing_table", "corruption",
                "out_of_memory", "redo_log_overrun", "interrupted", "other"],
            ErrorClasses.All.Select(ErrorClasses.Label));
        Assert.All(ErrorClasses.All, c => Assert.Equal(c, ErrorClasses.Parse(ErrorClasses.Label(c))));
    }

    [Fact]
    public void Every_pattern_is_also_a_valid_grep_extended_regular_expression()
    {
        // The bench compares the classifier with grep -E over the same patterns; a pattern grep reads differently
        // would make that comparison meaningless.
        foreach (var kind in LogKinds.Each)
        {
            var pattern = ErrorClassifier.CombinedPattern(kind);
            var matches = Tool.Shell($"printf '%s\\n' 'mariadb-dump: Got errno 28 on write' 'plain' | grep -c -E "
                + $"-e {Quote(pattern)} || true").Trim();
            Assert.Equal("1", matches);
        }
        foreach (var row in ErrorPatterns.Rows)
        {
            Assert.DoesNotContain("(?", row.Pattern);
            Assert.DoesNotContain("\\d", row.Pattern);
            Tool.Shell($"grep -E -e {Quote(row.Pattern)} /dev/null || test $? -eq 1"); // 2 would be a syntax error
        }
    }

    [Fact]
    public void The_first_pass_never_drops_a_line_a_row_would_classify()
    {
        // The case-insensitive first pass must be a superset of the rows: check the rows one by one on every test line.
        foreach (var (kind, line, _) in Table)
        {
            var first = ErrorPatterns.For(kind).FirstOrDefault(r => System.Text.RegularExpressions.Regex.IsMatch(line, r.Pattern));
            if (kind == Cron && !line.Contains("CRON[") && !line.Contains("crond["))
                continue;
            Assert.Equal(first?.Class, ErrorClassifier.For(kind).Classify(line));
        }
    }

    [Fact]
    public void Long_and_hostile_lines_take_linear_time()
    {
        var classifier = ErrorClassifier.For(Run);
        var hostile = string.Concat(Enumerable.Repeat("Error (errno: 2", 4000)) + new string('a', 60_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
            classifier.Classify(hostile);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
