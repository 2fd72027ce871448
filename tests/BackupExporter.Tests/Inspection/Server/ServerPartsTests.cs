using BackupExporter.Configuration;
using BackupExporter.Inspection.Server;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Server;

[Subject(typeof(ServerCredentials))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServerPartsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("864000", "10.000000", 864000)]  // MariaDB 10.6+: the two mirror each other
    [InlineData(null, "7", 604800)]              // MariaDB before 10.6: days only
    [InlineData(null, "0.5", 43200)]             // fractional days
    [InlineData("2592000", null, 2592000)]       // MySQL 8.4: seconds only
    [InlineData("0", "3", 259200)]               // MySQL 8.0 with the deprecated days set
    [InlineData("0", "0", 0)]                    // never purged
    public void Retention_comes_from_the_variable_the_version_honours(string? seconds, string? days, double expected)
    {
        var variables = new Dictionary<string, string>();
        if (seconds is not null) variables["binlog_expire_logs_seconds"] = seconds;
        if (days is not null) variables["expire_logs_days"] = days;
        Assert.Equal(expected, RetentionPolicy.Seconds(variables));
    }

    [Theory]
    [InlineData("SELECT /*!40001 SQL_NO_CACHE */ * FROM `orders`", true)]
    [InlineData("FLUSH TABLES WITH READ LOCK", true)]
    [InlineData("BACKUP STAGE BLOCK_COMMIT", true)]
    [InlineData("LOCK INSTANCE FOR BACKUP", true)]
    [InlineData("SELECT * FROM orders", false)]
    [InlineData("", false)]
    public void Backup_sessions_are_recognised_by_their_statements(string statement, bool backup)
    {
        Assert.Equal(backup, BackupSessionSignature.Matches(statement));
    }

    [Fact]
    public void The_client_section_of_an_option_file_is_read()
    {
        var cnf = _dir.File("exporter.cnf");
        File.WriteAllText(cnf, "[mysqld]\nuser=mysql\n[client]\n# monitoring account\nuser = "
            + "backup_exporter\npassword=\"s3cr=t\"\nsocket=/run/mysqld/mysqld.sock\n[mysql]\nuser=other\n");

        var client = OptionFile.ClientSection(cnf);

        Assert.Equal("backup_exporter", client["user"]);
        Assert.Equal("s3cr=t", client["password"]);
        Assert.Equal("/run/mysqld/mysqld.sock", client["socket"]);
    }

    [Fact]
    public void A_world_readable_password_file_is_warned_about_without_the_password()
    {
        var passwordFile = _dir.File("primary.password");
        File.WriteAllText(passwordFile, "hunter2\n");
        File.SetUnixFileMode(passwordFile, (UnixFileMode)0b110_100_100);
        var server = new ServerConfig
        {
            Name = "primary", Host = "127.0.0.1", User = "backup_exporter", PasswordFile = passwordFile,
            Interval = TimeSpan.FromSeconds(60), Timeout = TimeSpan.FromSeconds(10),
        };

        var (connectionString, warnings) = ServerCredentials.Build(server);

        Assert.Contains("Password=hunter2", connectionString);
        Assert.Contains("readable by every user", Assert.Single(warnings));
        Assert.DoesNotContain("hunter2", warnings[0]);

        File.SetUnixFileMode(passwordFile, (UnixFileMode)0b110_000_000);
        Assert.Empty(ServerCredentials.Build(server).Warnings);
    }

    [Fact]
    public void The_first_event_time_of_a_binlog_is_read_from_its_header()
    {
        var binlog = _dir.File("mysql-bin.000001");
        File.WriteAllBytes(binlog, [0xfe, 0x62, 0x69, 0x6e, 0x20, 0x1e, 0x06, 0x6b, 0x0f, 0x01]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x6b061e20), BinlogHeader.FirstEventTime(binlog).Time);

        File.WriteAllBytes(binlog, "not a binlog"u8.ToArray());
        Assert.Contains("magic number", BinlogHeader.FirstEventTime(binlog).Problem);
        Assert.Contains("cannot read", BinlogHeader.FirstEventTime(_dir.File("missing")).Problem);
    }
}
