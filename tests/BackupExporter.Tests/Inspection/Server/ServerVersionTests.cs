using BackupExporter.Inspection.Server;

namespace BackupExporter.Tests.Inspection.Server;

public sealed class ServerVersionTests
{
    [Theory]
    [InlineData("10.11.19-MariaDB-0+deb12u1-log", "Debian 12", "mariadb", 10, 11, 19)]
    [InlineData("11.4.2-MariaDB", "mariadb.org binary distribution", "mariadb", 11, 4, 2)]
    [InlineData("5.5.5-10.6.18-MariaDB", null, "mariadb", 10, 6, 18)]
    [InlineData("8.4.3", "MySQL Community Server - GPL", "mysql", 8, 4, 3)]
    [InlineData("8.0.36-28", "Percona Server (GPL), Release 28", "mysql", 8, 0, 36)]
    [InlineData("8.0.39-0ubuntu0.22.04.1", "(Ubuntu)", "mysql", 8, 0, 39)]
    [InlineData("5.7.44-log", "MySQL Community Server (GPL)", "mysql", 5, 7, 44)]
    public void Flavor_and_version_are_read_from_version_and_comment(string version, string? comment, string flavor,
        int major, int minor, int patch)
    {
        Assert.Equal(new ServerVersion(flavor, major, minor, patch), ServerVersion.Parse(version, comment));
    }

    [Fact]
    public void A_version_without_numbers_is_not_guessed()
    {
        Assert.Null(ServerVersion.Parse("unknown", null));
        Assert.Equal("mariadb", ServerVersion.FlavorOf("weird", "MariaDB build"));
    }

    [Theory]
    [InlineData("8.4.3", "MySQL Community Server - GPL", "SELECT @@GLOBAL.binlog_expire_logs_seconds AS binlog_expire_logs_seconds")]
    [InlineData("8.0.36", "MySQL Community Server - GPL",
        "SELECT @@GLOBAL.binlog_expire_logs_seconds AS binlog_expire_logs_seconds, @@GLOBAL.expire_logs_days AS expire_logs_days")]
    [InlineData("5.7.44-log", "MySQL Community Server (GPL)", "SELECT @@GLOBAL.expire_logs_days AS expire_logs_days")]
    [InlineData("10.11.19-MariaDB-0+deb12u1-log", "Debian 12",
        "SELECT @@GLOBAL.binlog_expire_logs_seconds AS binlog_expire_logs_seconds, @@GLOBAL.expire_logs_days AS expire_logs_days")]
    [InlineData("10.5.26-MariaDB", null, "SELECT @@GLOBAL.expire_logs_days AS expire_logs_days")]
    public void The_retention_statement_names_only_variables_the_version_has(string version, string? comment, string sql)
    {
        Assert.Equal(sql, ServerVersion.Parse(version, comment)!.RetentionQuery);
    }
}
