using BackupExporter.Restore.Physical;

namespace BackupExporter.Tests.Restore.Physical;

public sealed class PhysicalToolTests
{
    private static string[] Lines(PhysicalTool tool, params string[] incrementals) =>
        [.. tool.PrepareSteps("/s/full", incrementals).Select(step => string.Join(' ', step.Command.Arguments))];

    [Fact]
    public void Mariabackup_prepares_the_full_backup_then_applies_each_incremental_in_order()
    {
        Assert.Equal(
        [
            "--no-defaults --prepare --target-dir=/s/full",
            "--no-defaults --prepare --target-dir=/s/full --incremental-dir=/s/inc1",
            "--no-defaults --prepare --target-dir=/s/full --incremental-dir=/s/inc2",
        ], Lines(new PhysicalTool("/usr/bin/mariabackup", IsXtrabackup: false), "/s/inc1", "/s/inc2"));
    }

    [Fact]
    public void Xtrabackup_applies_the_log_only_on_all_but_the_last_step()
    {
        var tool = new PhysicalTool("/usr/bin/xtrabackup", IsXtrabackup: true);
        Assert.Equal(
        [
            "--no-defaults --prepare --apply-log-only --target-dir=/s/full",
            "--no-defaults --prepare --apply-log-only --target-dir=/s/full --incremental-dir=/s/inc1",
            "--no-defaults --prepare --target-dir=/s/full --incremental-dir=/s/inc2",
        ], Lines(tool, "/s/inc1", "/s/inc2"));
        Assert.Equal(["--no-defaults --prepare --target-dir=/s/full"], Lines(tool));
    }
}
