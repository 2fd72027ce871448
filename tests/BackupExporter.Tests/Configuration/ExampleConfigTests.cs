using BackupExporter.Configuration;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Configuration;

/// <summary>The example shipped in examples/ must stay valid.</summary>
[Subject(typeof(ConfigLoader))]
public sealed class ExampleConfigTests
{
    [Fact]
    public void ExampleConfigIsValid()
    {
        var examples = Path.Combine(RepositoryRoot.Find(), "examples");

        var (config, errors) = ConfigLoader.Load(Path.Combine(examples, "backup-exporter.yml"));

        Assert.Empty(errors.Select(e => e.ToString()));
        Assert.NotNull(config);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Global.Interval);
        Assert.Empty(config.Servers);
        Assert.Equal(["good", "truncated", "checksum-mismatch"], config.Backups.Select(b => b.Name));
        Assert.All(config.Backups, backup =>
        {
            Assert.Equal(Path.Combine(examples, "backups", backup.Name), backup.Path);
            Assert.Equal(BackupKind.Mysqldump, backup.Kind);
            Assert.Equal("0 2 * * *", backup.ScheduleText);
            Assert.Equal(TimeSpan.FromHours(2), backup.Grace);
            Assert.Equal(ChecksumMode.Sha256, backup.Checksum);
            Assert.Equal(1024, backup.MinSizeBytes);
            Assert.Equal(0.5, backup.MaxShrink);
            Assert.Equal(TimeSpan.FromSeconds(30), backup.Interval);
        });
    }
}
