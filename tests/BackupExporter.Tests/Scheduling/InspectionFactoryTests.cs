using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Scheduling;
using BackupExporter.Tests.Configuration;

namespace BackupExporter.Tests.Scheduling;

public sealed class InspectionFactoryTests
{
    private const string Yaml = """
        servers:
          - name: db
            host: 127.0.0.1
            error_log: /var/log/mysql/error.log
          - name: spare
            host: 127.0.0.2
        backups:
          - name: nightly
            kind: mysqldump
            path: /backup/nightly
            server: db
            offsite:
              - name: s3
                remote: "s3eu:company/nightly"
              - name: gcs
                remote: "gcs:company/nightly"
          - name: history
            kind: xtrabackup_history
            server: db
          - name: plain
            kind: mydumper
            path: /backup/plain
        logs:
          - path: /var/log/syslog
            kind: cron
            backup: nightly
            match: backup.sh
        """;

    private static ExporterConfig Config(string yaml = Yaml)
    {
        var (config, errors) = ConfigLoader.Parse(yaml, ConfigErrors.Source);
        Assert.Empty(errors);
        return config!;
    }

    private static IReadOnlyList<PlannedInspection> Plan(ExporterConfig config) =>
        InspectionFactory.For(config,
            new InspectionServices(TimeProvider.System, _ => { }, LogOffsetStore.Ephemeral(), _ => { }, _ => null));

    [Fact]
    public void Each_inspection_is_listed_once_with_the_sets_whose_verdicts_read_it()
    {
        var plan = Plan(Config()).ToDictionary(p => p.Name, p => string.Join(",", p.Sets));

        Assert.Equal(new Dictionary<string, string>
        {
            ["backup:nightly"] = "nightly", ["backup:history"] = "history", ["backup:plain"] = "plain",
            ["server:db"] = "nightly,history", ["server:spare"] = "",
            ["log:/var/log/mysql/error.log"] = "", ["log:/var/log/syslog"] = "nightly",
            ["run:nightly"] = "nightly", ["run:history"] = "history", ["run:plain"] = "plain",
            // A history-table set has no artifact to restore, so no drill history either.
            ["drill:nightly"] = "nightly", ["drill:plain"] = "plain",
            ["offsite:nightly:s3"] = "nightly", ["offsite:nightly:gcs"] = "nightly",
        }, plan);
    }

    [Fact]
    public void Each_planned_inspection_is_made_under_its_planned_name()
    {
        foreach (var planned in Plan(Config()))
            Assert.Equal(planned.Name, planned.Create().Name);
    }

    [Fact]
    public void A_changed_remote_leaves_the_sets_own_inspection_settings_equal_and_a_changed_server_does_not()
    {
        var before = Plan(Config()).ToDictionary(p => p.Name, p => p.Settings);
        var remoteMoved = Plan(Config(Yaml.Replace("s3eu:company/nightly", "s3eu:company/moved", StringComparison.Ordinal)))
            .ToDictionary(p => p.Name, p => p.Settings);
        var serverMoved = Plan(Config(Yaml.Replace("127.0.0.1", "127.0.0.9", StringComparison.Ordinal)))
            .ToDictionary(p => p.Name, p => p.Settings);

        Assert.Equal(before["backup:nightly"], remoteMoved["backup:nightly"]);
        Assert.Equal(before["offsite:nightly:gcs"], remoteMoved["offsite:nightly:gcs"]);
        Assert.NotEqual(before["offsite:nightly:s3"], remoteMoved["offsite:nightly:s3"]);
        Assert.NotEqual(before["backup:nightly"], serverMoved["backup:nightly"]);
        Assert.Equal(before["backup:plain"], serverMoved["backup:plain"]);
    }
}
