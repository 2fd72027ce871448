using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

public sealed class BackupKindsTests
{
    [Fact]
    public void Every_backup_kind_has_exactly_one_descriptor()
    {
        Assert.Equal(Enum.GetValues<BackupKind>().Order(), BackupKinds.All.Select(d => d.Kind).Order());
    }

    [Fact]
    public void Every_artifact_format_is_the_format_of_some_kind()
    {
        Assert.Equal(Enum.GetValues<ArtifactFormat>().Order(), BackupKinds.All.Select(d => d.Format).Distinct().Order());
    }

    [Fact]
    public void Each_word_reads_back_as_its_kind()
    {
        Assert.Equal(BackupKinds.All.Count, BackupKinds.Words.Distinct().Count());
        foreach (var descriptor in BackupKinds.All)
            Assert.Same(descriptor, BackupKinds.Parse(descriptor.Word));
        Assert.Null(BackupKinds.Parse("Mysqldump"));
    }

    [Fact]
    public void Only_history_rows_name_a_table_and_none_of_them_can_be_restored()
    {
        foreach (var descriptor in BackupKinds.All)
        {
            var history = descriptor.Shape == ArtifactShape.HistoryRow;
            Assert.Equal(history, descriptor.HistoryTable is not null);
            Assert.True(!history || descriptor.Maker == PhysicalMaker.None, $"{descriptor.Word} is a history row and "
                + $"names a physical maker");
        }
    }

    [Fact]
    public void Every_kind_says_which_checks_its_artifacts_get_from_the_checks_there_are()
    {
        foreach (var descriptor in BackupKinds.All)
        {
            Assert.Contains(CheckNames.Complete, descriptor.Checks);
            Assert.Empty(descriptor.Checks.Except(CheckNames.All));
            Assert.Equal(descriptor.Checks.Count, descriptor.Checks.Distinct().Count());
            // A history row has no file to weigh; only a physical backup has an incremental chain.
            Assert.Equal(descriptor.Shape != ArtifactShape.HistoryRow, descriptor.Kind.Applies(CheckNames.Size));
            Assert.Equal(descriptor.Format == ArtifactFormat.XtrabackupDirectory, descriptor.Kind.Applies(CheckNames.Chain));
        }
    }

    [Theory]
    [InlineData("mysqldump", "*.sql*", "mysqldump")]
    [InlineData("mariabackup", "*", "xtrabackup")]
    [InlineData("mydumper", "*", "run")]
    [InlineData("xtrabackup_history", "*", "xtrabackup")]
    public void A_set_without_pattern_or_log_kind_takes_its_kinds(string kind, string pattern, string logSource)
    {
        var (config, errors) = ConfigLoader.Parse(
            $"servers:\n  - name: db\n    socket: /run/mysqld/mysqld.sock\nbackups:\n  - name: b\n    kind: {kind}\n    server: db\n    "
                + $"path: /backup\n    log: /var/log/b.log\n",
            "kinds.yml");

        Assert.True(config is not null, string.Join("; ", errors));
        var set = Assert.Single(config.Backups);
        Assert.Equal(pattern, set.Pattern.ToString());
        Assert.Equal(logSource, Assert.Single(config.Logs).Source);
    }
}
