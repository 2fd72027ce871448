using BackupExporter.Configuration;
using BackupExporter.Restore.Runner;
using BackupExporter.Restore;

namespace BackupExporter.Tests.Restore;

public sealed class TableCheckTests
{
    [Theory]
    [InlineData("Mysqldump", "Quick")]
    [InlineData("Mydumper", "Quick")]
    [InlineData("Mysqlsh", "Quick")]
    [InlineData("Mariabackup", "Full")]
    [InlineData("Xtrabackup", "Full")]
    public void Pages_the_sandbox_wrote_get_the_quick_check_and_the_backups_own_pages_the_full_one(string kindName, string expectedName)
    {
        var kind = Enum.Parse<BackupKind>(kindName);
        var expected = Enum.Parse<TableCheck>(expectedName);
        Assert.Equal(expected, DrillRunner.TableCheckOf(kind, checkTables: true));
        Assert.Equal(TableCheck.Off, DrillRunner.TableCheckOf(kind, checkTables: false));
    }
}
