using BackupExporter.Configuration;
using BackupExporter.Restore;
using BackupExporter.Restore.Formats;

namespace BackupExporter.Tests.Restore.Formats;

public sealed class RestoreFormatsTests
{
    [Fact]
    public void A_history_row_has_nothing_to_restore_and_every_artifact_on_disk_has_a_restore()
    {
        foreach (var descriptor in BackupKinds.All)
            Assert.True((RestoreFormats.Of(descriptor.Kind) is null) == (descriptor.Shape == ArtifactShape.HistoryRow), descriptor.Word);
    }

    [Theory]
    [InlineData("Mysqldump", "Logical")]
    [InlineData("Mydumper", "Logical")]
    [InlineData("Mysqlsh", "Logical")]
    [InlineData("Mariabackup", "Physical")]
    [InlineData("Xtrabackup", "Physical")]
    public void Physical_backups_are_prepared_and_the_others_loaded(string kindName, string methodName)
    {
        var kind = Enum.Parse<BackupKind>(kindName);
        var format = RestoreFormats.Of(kind)!;

        Assert.Equal(Enum.Parse<RestoreMethod>(methodName), format.Method);
        Assert.Equal(format.Method == RestoreMethod.Physical ? TableCheck.Full : TableCheck.Quick, format.TableCheck);
        Assert.Equal(format.Method == RestoreMethod.Physical, kind.Describe().Maker != PhysicalMaker.None);
    }
}
