using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary><c>restore_test</c>: values read, defaults, and each mistake at its line:column.</summary>
public sealed class RestoreTestConfigTests
{
    [Fact]
    public void Reads_every_key()
    {
        var (config, errors) = ConfigLoader.Parse(
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                restore_test:
                  schedule: "30 4 * * *"
                  timeout: 2h
                  scratch_dir: /var/tmp/drills
                  max_disk: 200GiB
                  rto: 1h
                  check_tables: false
                  max_shrink: 20%
                  replay_binlogs: 1h
                  memory_limit: 1GiB
                  checks:
                    - sql: "SELECT COUNT(*) FROM shop.orders"
                      min: 1
                    - {sql: "SELECT MAX(id) FROM shop.orders", max: 1e6}
            """, ConfigErrors.Source);
        Assert.Empty(errors);
        var drill = config!.Backups[0].RestoreTest!;
        Assert.Equal("30 4 * * *", drill.ScheduleText);
        Assert.NotNull(drill.Schedule);
        Assert.Equal(TimeSpan.FromHours(2), drill.Timeout);
        Assert.Equal("/var/tmp/drills", drill.ScratchDirectory);
        Assert.Equal(200L << 30, drill.MaxDiskBytes);
        Assert.Equal(TimeSpan.FromHours(1), drill.Rto);
        Assert.False(drill.CheckTables);
        Assert.Equal(0.2, drill.MaxShrink);
        Assert.Equal(TimeSpan.FromHours(1), drill.ReplayBinlogs);
        Assert.Equal(1L << 30, drill.MemoryLimitBytes);
        Assert.Equal([new RestoreCheck("SELECT COUNT(*) FROM shop.orders", 1, null), new RestoreCheck("SELECT MAX(id) FROM shop.orders",
            null, 1e6)], drill.Checks);
    }

    [Fact]
    public void An_empty_block_takes_the_defaults_and_no_block_means_no_drill()
    {
        var (config, errors) = ConfigLoader.Parse(
            """
            backups:
              - {name: shop, kind: mydumper, path: /backups/shop, restore_test: {}}
              - {name: other, kind: mysqldump, path: /backups/other}
            """, ConfigErrors.Source);
        Assert.Empty(errors);
        var drill = config!.Backups[0].RestoreTest!;
        Assert.Null(drill.Schedule);
        Assert.Equal(RestoreTestConfigReader.DefaultTimeout, drill.Timeout);
        Assert.Equal(RestoreTestConfigReader.DefaultScratchDirectory, drill.ScratchDirectory);
        Assert.True(drill.CheckTables);
        Assert.Equal(0.5, drill.MaxShrink);
        Assert.Null(drill.ReplayBinlogs);
        Assert.Null(drill.MaxDiskBytes);
        Assert.Null(config.Backups[1].RestoreTest);
    }

    public static TheoryData<string, string, string[]> Mistakes => new()
    {
        {
            "on a history-table kind",
            """
            servers:
              - {name: db, host: 127.0.0.1}
            backups:
              - name: meb
                kind: meb
                server: db
                restore_test:
                  timeout: 1h
            """,
            ["7:5: backups[0] \"meb\": restore_test: a meb set has no artifact to restore (its backups are rows of mysql.backup_history); "
                + "remove restore_test here and set it on a set that holds the backup files"]
        },
        {
            "a misspelt key",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                restore_test:
                  timout: 1h
            """,
            ["6:7: unknown key \"timout\" in backups[0] \"shop\": restore_test; did you mean \"timeout\"?"]
        },
        {
            "scratch_dir inside this set's backup directory",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                restore_test:
                  scratch_dir: /backups/shop/tmp
            """,
            ["6:20: backups \"shop\": restore_test: scratch_dir: /backups/shop/tmp is inside the backup directory /backups/shop of set "
                + "\"shop\"; a drill writes its sandbox there, so choose a directory outside every backup directory (e.g. "
                + "/var/tmp/backup-exporter)"]
        },
        {
            "scratch_dir inside another set's backup directory",
            """
            backups:
              - {name: shop, kind: mysqldump, path: /backups/shop, restore_test: {scratch_dir: /backups/all}}
              - {name: all, kind: mysqldump, path: /backups/all}
            """,
            ["2:84: backups \"shop\": restore_test: scratch_dir: /backups/all is inside the backup directory /backups/all of set \"all\"; "
                + "a drill writes its sandbox there, so choose a directory outside every backup directory (e.g. /var/tmp/backup-exporter)"]
        },
        {
            "a check without bounds, and one whose max is below its min",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                restore_test:
                  checks:
                    - sql: SELECT 1
                    - {sql: SELECT 2, min: 5, max: 2}
                    - min: 1
            """,
            [
                "7:11: backups[0] \"shop\": restore_test: checks[0]: give min, max or both: the bounds the query's value must lie within",
                "8:35: backups[0] \"shop\": restore_test: checks[1]: max: 2 is less than min 5",
                "9:11: backups[0] \"shop\": restore_test: checks[2]: missing required key \"sql\" (the query to run on the restored copy, "
                    + "e.g. SELECT COUNT(*) FROM shop.orders)",
            ]
        },
        {
            "bad values",
            """
            backups:
              - name: shop
                kind: mysqldump
                path: /backups/shop
                restore_test:
                  schedule: "30 4 * *"
                  check_tables: yes
                  memory_limit: 16MiB
                  replay_binlogs: 0s
            """,
            [
                "6:17: backups[0] \"shop\": restore_test: schedule: \"30 4 * *\" has 4 fields; a cron expression has 5: minute hour "
                    + "day-of-month month day-of-week (or use a macro such as @daily)",
                "7:21: backups[0] \"shop\": restore_test: check_tables: \"yes\" is not true or false (use true, false)",
                "8:21: backups[0] \"shop\": restore_test: memory_limit: \"16MiB\" is too small for a MariaDB/MySQL "
                    + "server; use at least 1GiB",
                "9:23: backups[0] \"shop\": restore_test: replay_binlogs: \"0s\" must be more than 0",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Reports_each_mistake_where_it_is(string because, string yaml, string[] expected)
    {
        Assert.True(expected.SequenceEqual(ConfigErrors.Of(yaml)), because + ":\n" + string.Join('\n', ConfigErrors.Of(yaml)));
    }
}
