using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>
/// Mistakes in the shape of the file: YAML syntax, unknown and duplicate keys, wrong node types, missing keys. Exact message and
/// line:column (1-based).
/// </summary>
public sealed class ConfigLoaderStructureErrorTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            "unknown key with a suggestion",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                shedule: "0 2 * * *"
            """,
            ["5:5: unknown key \"shedule\" in backups[0] \"nightly\"; did you mean \"schedule\"?"]
        },
        {
            "unknown key differing in case",
            """
            global:
              Interval: 30s
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            ["2:3: unknown key \"Interval\" in global; did you mean \"interval\"?"]
        },
        {
            "unknown key without a suggestion lists the known keys",
            """
            global:
              colour: blue
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            ["2:3: unknown key \"colour\" in global (known keys: interval, timeout, settle_time, state_file, state_group, runbook_url, "
                + "reverify, rpo, rto)"]
        },
        {
            "unknown top-level key, so no backup sets either",
            """
            backup:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            """,
            [
                "1:1: unknown key \"backup\" at top level; did you mean \"backups\"?",
                "1:1: no backup sets configured (key `backups`)",
            ]
        },
        {
            "duplicate key in one mapping",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                grace: 2h
                grace: 3h
            """,
            ["6:5: duplicate key \"grace\" in backups[0] \"nightly\" (first set at line 5)"]
        },
        {
            "missing required keys",
            """
            backups:
              - pattern: "*.sql.gz"
            """,
            [
                "2:5: backups[0]: missing required key \"name\" (a unique name; it becomes the value of the label \"backup\")",
                "2:5: backups[0]: missing required key \"kind\" (supported: mysqldump, xtrabackup, mariabackup, mydumper, mysqlsh, "
                    + "meb, xtrabackup_history)",
                "2:5: backups[0]: missing required key \"path\" (the directory that holds the artifacts)",
            ]
        },
        {
            "YAML syntax error",
            """
            backups:
              - name: "nightly
                kind: mysqldump
            """,
            ["2:11: YAML syntax error: While scanning a multi-line double-quoted scalar, found wrong indentation."]
        },
        {
            "YAML syntax error: a value that is also a mapping",
            """
            global:
              interval: timeout: 30s
            """,
            ["2:20: YAML syntax error: While scanning a plain scalar value, found invalid mapping."]
        },
        {
            "unclosed flow sequence",
            """
            backups: [{name: nightly, kind: mysqldump, path: /backup/mysql}
            global: {}
            """,
            ["1:10: YAML syntax error: the text after this point cannot be parsed (an unclosed [ or { ?)"]
        },
        {
            "more than one document",
            """
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql}
            ---
            global: {}
            """,
            ["3:1: only one YAML document is expected; remove this `---` and what follows it"]
        },
        {
            "alias without an anchor",
            """
            backups:
              - {name: nightly, kind: mysqldump, path: /backup/mysql, grace: *grace}
            """,
            ["2:66: alias *grace refers to no anchor &grace defined before it"]
        },
        {
            "empty file",
            "",
            ["1:1: no backup sets configured (key `backups`)"]
        },
        {
            "only comments",
            "# nothing yet\n",
            ["1:1: no backup sets configured (key `backups`)"]
        },
        {
            "empty backups list",
            """
            global:
              interval: 30s
            backups: []
            """,
            ["3:1: no backup sets configured (key `backups`)"]
        },
        {
            "backups with no value",
            "backups:\n",
            ["1:1: no backup sets configured (key `backups`)"]
        },
        {
            "the whole file is a list",
            "- name: nightly\n",
            ["1:1: expected a mapping with the keys global, servers, backups, logs, got a list"]
        },
        {
            "section of the wrong type (no second error about the empty backups)",
            """
            global:
              - interval: 30s
            backups:
              name: nightly
            """,
            [
                "2:3: global: expected a mapping (interval, timeout, settle_time, state_file, state_group, runbook_url, reverify), "
                    + "got a list",
                "4:3: backups: expected a list of backup sets (- name: ...), got a mapping",
            ]
        },
        {
            "scalar given as a list, list item given as a scalar",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: [/backup/a, /backup/b]
              - weekly
            """,
            [
                "4:11: backups[0] \"nightly\": path: expected a path, got a list",
                "5:5: backups[1]: expected a mapping (name, kind, path, ...), got \"weekly\"",
            ]
        },
        {
            "key without a value",
            """
            backups:
              - name: nightly
                kind: mysqldump
                path: /backup/mysql
                schedule:
            """,
            ["5:5: backups[0] \"nightly\": schedule: no value; expected a cron expression (e.g. \"0 2 * * *\" or @daily)"]
        },
        {
            "merge keys",
            """
            backups:
              - &defaults {name: a, kind: mysqldump, path: /backup/a}
              - <<: *defaults
                name: b
            """,
            [
                "3:5: merge keys (<<) are not supported in backups[1] \"b\"; write the keys out",
                "3:5: backups[1] \"b\": missing required key \"kind\" (supported: mysqldump, xtrabackup, mariabackup, mydumper, mysqlsh, "
                    + "meb, xtrabackup_history)",
                "3:5: backups[1] \"b\": missing required key \"path\" (the directory that holds the artifacts)",
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

    [Fact]
    public void ErrorsPrintAsFileLineColumn()
    {
        var (_, errors) = ConfigLoader.Parse("backups:\n  - {name: x, kind: mysqldump, path: /b, grace: 1}\n", "conf/b.yml");
        Assert.Equal("conf/b.yml:2:49: backups[0] \"x\": grace: \"1\" has no unit; add one, e.g. 1s (units: ms, s, m, h, d, w, y)",
            Assert.Single(errors).ToString());
    }

    [Fact]
    public void ReportsSeveralErrorsAtOnceInFileOrder()
    {
        const string yaml = """
            global:
              interval: 1m
              timeout: 30
            servers:
              - name: primary
                host: db1
                prot: 3307
            backups:
              - name: nightly
                server: primary
                kind: mysqldump
                path: /backup/mysql
                grace: soon
                min_size: 10GB
              - name: nightly
                kind: mydumper
                path: /backup/mydumper
                checksum: crc32
            """;

        Assert.Equal(
            [
                "3:12: global: timeout: \"30\" has no unit; add one, e.g. 30s (units: ms, s, m, h, d, w, y)",
                "7:5: unknown key \"prot\" in servers[0] \"primary\"; did you mean \"port\"?",
                "13:12: backups[0] \"nightly\": grace: \"soon\" is not a duration (use e.g. 90s, 30m, 2h, 7d)",
                "14:15: backups[0] \"nightly\": min_size: \"10GB\" uses a decimal (SI) unit; use the IEC unit GiB instead, e.g. "
                    + "10GiB (units: B, KiB, MiB, GiB, TiB)",
                "15:11: backups[1] \"nightly\": name \"nightly\" is already used by backups[0] (line 9)",
                "18:15: backups[1] \"nightly\": checksum: \"crc32\" is not a checksum mode (use auto, none, md5, sha256)",
            ],
            ConfigErrors.Of(yaml));
    }
}
