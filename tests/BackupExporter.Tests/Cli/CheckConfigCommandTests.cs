using BackupExporter.Cli;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Cli;

/// <summary><c>check-config</c> says what still works but should change, located like an error, and still passes the file.</summary>
public sealed class CheckConfigCommandTests
{
    [Fact]
    public void A_deprecated_restore_test_rto_is_a_located_warning_and_the_file_is_valid()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.yml");
        File.WriteAllText(path, """
            backups:
              - name: shop
                kind: mysqldump
                path: /b/shop
                restore_test:
                  rto: 1h

            """);
        var (line, _) = CommandLine.Parse(["check-config", $"--config.file={path}"]);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var code = CheckConfigCommand.Run(line!, stdout, stderr);

        Assert.Equal(0, code);
        Assert.Equal($"{path}:6:7: warning: backups[0] \"shop\": restore_test: rto is deprecated; move it up to the set as rto: 1h (the "
            + "set's recovery-time objective)\n", stderr.ToString());
        Assert.StartsWith($"{path}: valid (1 backup set", stdout.ToString(), StringComparison.Ordinal);
    }
}
