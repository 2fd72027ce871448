using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.FixtureTests;

public sealed class ConfigBuilderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-config-builder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_configuration_with_every_kind_server_and_log_is_accepted_by_check_config()
    {
        var builder = ConfigBuilder.Fast()
            .Global(g => g.StateFile(Path.Combine(_root, "state", "offsets.json"))
                .RunbookUrl("https://runbooks.example.com/backup-exporter/runbooks.md"))
            .Server("db", s => s.Socket(Path.Combine(_root, "mysqld.sock")).User("root").BinlogDirectory(_root)
                .ErrorLog(Path.Combine(_root, "error.log")))
            .Server("tcp", s => s.Host("127.0.0.1", 3307).User("monitor")
                .PasswordFile(Path.Combine(_root, "monitor.password")).Tls("preferred"));
        foreach (var kind in Enum.GetValues<SetKind>())
        {
            var path = kind is SetKind.Meb or SetKind.XtrabackupHistory ? null : Path.Combine(_root, kind.ToString());
            builder.Backup(kind.ToString().ToLowerInvariant(), kind, path, b => b.Server("db")
                .Schedule("0 2 * * *", grace: "2h").Timezone("UTC"));
        }
        builder.Backup("checked", SetKind.Mysqldump, Path.Combine(_root, "checked"), b => b
            .Pattern("*.sql.gz").Checksum("sha256").MinSize("1KiB").MaxShrink("50%").Log(Path.Combine(_root, "job.log"))
            .RunStatus(Path.Combine(_root, "run", "checked.json")).Interval("5s"));
        builder.Log(Path.Combine(_root, "syslog"), "cron", l => l.Backup("checked").Match("backup.sh"));
        var config = await builder.WriteToAsync(Path.Combine(_root, "config.yml"));

        var check = await ExporterProcess.RunCliAsync("check-config", "--config.file=" + config);

        Assert.True(check.ExitCode == 0, $"check-config exited {check.ExitCode}:\n{check.Stderr}\n{File.ReadAllText(config)}");
        var sets = Yaml.Maps(Yaml.Load(config), "backups").ToList();
        Assert.Equal(
            ["mysqldump", "mydumper", "mysqlsh", "xtrabackup", "mariabackup", "meb", "xtrabackup_history", "mysqldump"],
            sets.Select(s => (string?)s["kind"]));
        Assert.Equal("0 2 * * *", sets[0]["schedule"]);
        Assert.Equal("*.sql.gz", sets[^1]["pattern"]);
    }

    [Fact]
    public void Values_that_yaml_would_read_otherwise_are_quoted_and_come_back_as_written()
    {
        string[] awkward = ["0 2 * * *", "*.sql.gz", "/backups/a dir/#1", "a: b", "yes", "50%", "\"quoted\" \\ back", "", "-leading",
            "{braces}", "'single'"];
        var builder = new ConfigBuilder();
        for (var i = 0; i < awkward.Length; i++)
            builder.Backup($"s{i}", SetKind.Mysqldump, awkward[i]);

        var sets = Yaml.Maps(Yaml.Load(builder.WriteTo(Path.Combine(_root, "awkward.yml"))), "backups").ToList();

        Assert.Equal(awkward, sets.Select(s => (string?)s["path"]));
    }

    [Fact]
    public void Restore_test_and_offsite_blocks_nest_under_their_set_and_keys_set_twice_keep_the_last_value()
    {
        var yaml = new ConfigBuilder()
            .Backup("nightly", SetKind.Mysqldump, "/backup/mysql", b => b
                .Checksum("md5").Checksum("sha256")
                .RestoreTest(r => r.Set("schedule", "0 5 * * 0").Set("check_tables", true)
                    .Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM shop.orders").Set("min", 1)))
                .Offsite(o => o.Set("name", "s3").Set("remote", "s3eu:company/shop"))
                .Offsite(o => o.Set("name", "gcs").Set("remote", "gcs:company/shop")))
            .ToYaml();

        var set = Yaml.Maps(Yaml.Deserialize(yaml), "backups").Single();
        Assert.Equal("sha256", set["checksum"]);
        var restore = Yaml.Map(set["restore_test"]);
        Assert.Equal("0 5 * * 0", restore["schedule"]);
        Assert.Equal("true", restore["check_tables"]);
        Assert.Equal("SELECT COUNT(*) FROM shop.orders", Yaml.Maps(set["restore_test"], "checks").Single()["sql"]);
        Assert.Equal(["s3", "gcs"], Yaml.List(set["offsite"]).Select(o => Yaml.Str(o, "name")));
        Assert.Equal("gcs:company/shop", Yaml.Str(Yaml.List(set["offsite"])[1], "remote"));
    }
}
