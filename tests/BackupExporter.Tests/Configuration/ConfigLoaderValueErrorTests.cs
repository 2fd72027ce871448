namespace BackupExporter.Tests.Configuration;

/// <summary>
/// Mistakes in values: durations, sizes, cron, patterns, names, references, kinds. Exact message and line:column (1-based).
/// </summary>
public sealed class ConfigLoaderValueErrorTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "bad duration",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                grace: 2x
            """,
            ["5:12: backups[0] \"nightly\": grace: \"2x\" is not a duration (use e.g. 90s, 30m, 2h, 7d)"]
        },
        {
            "a state group that does not exist",
            """
            global:
              state_group: no-such-group-here
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            ["2:16: global: state_group: no group named \"no-such-group-here\" on this machine (getent group no-such-group-here)"]
        },
        {
            "duration without a unit",
            """
            global:
              interval: 60
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            ["2:13: global: interval: \"60\" has no unit; add one, e.g. 60s (units: ms, s, m, h, d, w, y)"]
        },
        {
            "duration units out of order",
            """
            global:
              timeout: 30m1h
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            ["2:12: global: timeout: \"30m1h\" is not a duration (use e.g. 90s, 30m, 2h, 7d)"]
        },
        {
            "zero timeout",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                timeout: 0s
            """,
            ["5:14: backups[0] \"nightly\": timeout: \"0s\" must be more than 0"]
        },
        {
            "decimal SI size",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                min_size: 1MB
            """,
            ["5:15: backups[0] \"nightly\": min_size: \"1MB\" uses a decimal (SI) unit; use the IEC unit MiB instead, e.g. 1MiB (units: "
                + "B, KiB, MiB, GiB, TiB)"]
        },
        {
            "negative size",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                min_size: -1KiB
            """,
            ["5:15: backups[0] \"nightly\": min_size: \"-1KiB\" is negative; a size must be 0 or more"]
        },
        {
            "cron field out of range, with Cronos's reason",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                schedule: "61 2 * * *"
            """,
            ["5:15: backups[0] \"nightly\": schedule: \"61 2 * * *\" is not a valid cron expression: Minutes: Value must be a number "
                + "between 0 and 59 (all inclusive)."]
        },
        {
            "cron with a seconds field",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                schedule: "0 0 2 * * *"
            """,
            ["5:15: backups[0] \"nightly\": schedule: \"0 0 2 * * *\" has 6 fields; a cron expression has 5: minute hour day-of-month "
                + "month day-of-week (or use a macro such as @daily)"]
        },
        {
            "unknown cron macro",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                schedule: "@nightly"
            """,
            ["5:15: backups[0] \"nightly\": schedule: \"@nightly\" is not a valid cron expression: Macro: Unexpected "
                + "character 'n' on position 1."]
        },
        {
            "bad glob pattern",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                pattern: "dump[.sql"
            """,
            ["5:14: backups[0] \"nightly\": pattern \"dump[.sql\" has an unclosed '[' at position 5"]
        },
        {
            "glob pattern with a directory",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup
                pattern: mysql/*.sql.gz
            """,
            ["5:14: backups[0] \"nightly\": pattern \"mysql/*.sql.gz\" contains a path separator; put the directory in `path` and only the "
                + "file name pattern here"]
        },
        {
            "duplicate backup set names",
            """
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/a}
              - {name: weekly, kind: mysqldump, path: /backup/b}
              - {name: nightly, kind: mysqldump, path: /backup/c}
            """,
            ["4:12: backups[2] \"nightly\": name \"nightly\" is already used by backups[0] (line 2)"]
        },
        {
            "duplicate server names",
            """
            servers:
              - {name: primary, host: db1}
              - {name: primary, host: db2}
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql, server: primary}
            """,
            ["3:12: servers[1] \"primary\": name \"primary\" is already used by servers[0] (line 2)"]
        },
        {
            "name that is not label-safe",
            """
            backups:
              - name: nightly dump
                kind: mysqldump
                path: /backup/mysql
            """,
            ["2:11: backups[0] \"nightly dump\": name \"nightly dump\" may only contain letters, digits and _ . : - (it becomes the value "
                + "of the label \"backup\")"]
        },
        {
            "reference to an unknown server, with a suggestion",
            """
            servers:
              - name: primary
                host: 127.0.0.1
            backups:
              - name: nightly
                server: primay
                kind: mysqldump
                path: /backup/mysql
            """,
            ["6:13: backups[0] \"nightly\": server \"primay\" is not configured under servers; did you mean \"primary\"?"]
        },
        {
            "reference to a server when there are none",
            """
            backups:
              - name: nightly
                server: primary
                kind: mysqldump
                path: /backup/mysql
            """,
            ["3:13: backups[0] \"nightly\": server \"primary\" is not configured (there are no servers; add it under "
                + "servers or remove this key)"]
        },
        {
            "unknown kind, with a suggestion",
            """
            backups:
              - name: nightly
                kind: mysqldmp
                path: /backup/mysql
            """,
            ["3:11: backups[0] \"nightly\": kind \"mysqldmp\" is not a backup kind (supported: mysqldump, xtrabackup, mariabackup, "
                + "mydumper, mysqlsh, meb, xtrabackup_history); did you mean \"mysqldump\"?"]
        },
        {
            "bad checksum mode, with a suggestion",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                checksum: sha265
            """,
            ["5:15: backups[0] \"nightly\": checksum: \"sha265\" is not a checksum mode (use auto, none, md5, sha256); "
                + "did you mean \"sha256\"?"]
        },
        {
            "max_shrink out of range",
            """
            backups:
              - {name: a, kind: mysqldump, path: /backup/a, max_shrink: 100%}
              - {name: b, kind: mysqldump, path: /backup/b, max_shrink: 50}
              - {name: c, kind: mysqldump, path: /backup/c, max_shrink: half}
            """,
            [
                "2:61: backups[0] \"a\": max_shrink: \"100%\" must be more than 0% and less than 100%",
                "3:61: backups[1] \"b\": max_shrink: \"50\" is more than 1; write a percentage with % (e.g. 50%) or a fraction (e.g. 0.5)",
                "4:61: backups[2] \"c\": max_shrink: \"half\" is not a percentage or a fraction (use e.g. 50% or 0.5)",
            ]
        },
        {
            "unknown time zone, with a suggestion",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                schedule: "@daily"
                timezone: Europe/Berln
            """,
            ["6:15: backups[0] \"nightly\": timezone: \"Europe/Berln\" is not a known time zone (use an IANA name such as Europe/Berlin or "
                + "UTC); did you mean \"Europe/Berlin\"?"]
        },
        {
            "paths that are not taken as written",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: ~/backups
                log: /backup/*.log
            """,
            [
                "4:11: backups[0] \"nightly\": path: \"~/backups\" starts with ~, which is not expanded; write the full path",
                "5:10: backups[0] \"nightly\": log: \"/backup/*.log\" contains *, but paths are taken literally",
            ]
        },
        {
            "path with the pattern in it",
            """
            backups:
              - {name: nightly, kind: mysqldump, path: "/backup/*.sql.gz"}
            """,
            ["2:44: backups[0] \"nightly\": path: \"/backup/*.sql.gz\" contains *, but paths are taken literally; put the directory in "
                + "path and the file name pattern in pattern"]
        },
        {
            "server mistakes",
            """
            servers:
              - name: primary
                host: 127.0.0.1
                socket: /run/mysqld/mysqld.sock
                port: 70000
                password_file: /etc/backup-exporter/primary.password
                my_cnf: /etc/backup-exporter/primary.cnf
              - name: replica
                user: backup_exporter
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            [
                "4:5: servers[0] \"primary\": set either host or socket, not both",
                "5:11: servers[0] \"primary\": port: \"70000\" is not a port number (1-65535)",
                "7:5: servers[0] \"primary\": set either password_file or my_cnf, not both",
                "8:5: servers[1] \"replica\": missing host or socket (e.g. host: 127.0.0.1 or socket: /run/mysqld/mysqld.sock)",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsTheMistakeWhereItIs(string mistake, string yaml, string[] expected)
    {
        Assert.False(string.IsNullOrEmpty(mistake));
        Assert.Equal(expected, ConfigErrors.Of(yaml));
    }
}
