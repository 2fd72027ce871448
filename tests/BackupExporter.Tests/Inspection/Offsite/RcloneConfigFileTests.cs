using BackupExporter.Inspection.Offsite;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Offsite;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RcloneConfigFileTests : IDisposable
{
    private const string Secret = "pass = s3cr3t-obscured";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(UnixFileMode mode)
    {
        var path = _dir.File("rclone.conf");
        File.WriteAllText(path, $"[offsite]\ntype = sftp\n{Secret}\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void No_file_given_means_rclones_default_and_no_warning() => Assert.Empty(RcloneConfigFile.Warnings(null));

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    public void A_file_only_its_owner_or_group_reads_is_fine(UnixFileMode mode) => Assert.Empty(RcloneConfigFile.Warnings(Config(mode)));

    [Fact]
    public void A_file_every_user_reads_is_warned_about_naming_it_and_not_its_content()
    {
        var path = Config(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var warning = Assert.Single(RcloneConfigFile.Warnings(path));

        Assert.Equal(
            $"{path} holds storage credentials and is readable by every user on the machine; chmod 600 (or 640 with the exporter's group)",
            warning);
        Assert.DoesNotContain("s3cr3t", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_warned_about_since_rclone_would_not_know_the_remote()
    {
        var path = _dir.File("missing.conf");

        Assert.Equal([$"rclone_config {path} does not exist; rclone falls back to its defaults and the remote is probably unknown"],
            RcloneConfigFile.Warnings(path));
    }
}
