using BackupExporter.Platform;

namespace BackupExporter.Tests.Platform;

public sealed class SecretRedactorTests
{
    [Theory]
    // The MySQL and MariaDB clients: attached -pS, --password=S and its abbreviations, MFA passwords.
    [InlineData("mariadb-dump --user=backup --password=s3cret shop", "mariadb-dump --user=backup --password=*** shop")]
    [InlineData("mysqldump -uroot -ps3cret shop", "mysqldump -uroot -p*** shop")]
    [InlineData("mysql --pass=s3cret", "mysql --pass=***")]
    [InlineData("mysql --pas=s3cret --passw=s3cret --passwo=s3cret --passwor=s3cret", "mysql --pas=*** --passw=*** "
        + "--passwo=*** --passwor=***")]
    [InlineData("mysql --password1=a1b2 --password2=c3d4", "mysql --password1=*** --password2=***")]
    [InlineData("mariabackup --backup --user=root --password=s3cret --target-dir=/b", "mariabackup --backup --user=root "
        + "--password=*** --target-dir=/b")]
    // A bare -p or --password prompts on the MySQL clients: the next word is a database, not a secret.
    [InlineData("mysql -p shop", "mysql -p shop")]
    [InlineData("mysqldump --password shop", "mysqldump --password shop")]
    // The port is not a secret.
    [InlineData("mysqldump -P 3306 -P3306 --port=3306 -h db1", "mysqldump -P 3306 -P3306 --port=3306 -h db1")]
    // mydumper, myloader and sshpass take the value as the next argument.
    [InlineData("mydumper -u root -p s3cret -B shop -o /b", "mydumper -u root -p *** -B shop -o /b")]
    [InlineData("mydumper --password s3cret -o /b", "mydumper --password *** -o /b")]
    [InlineData("myloader -d /b -p s3cret", "myloader -d /b -p ***")]
    [InlineData("sshpass -p s3cret rsync -a /b host:/b", "sshpass -p *** rsync -a /b host:/b")]
    // sshpass's grammar ends at its command: ssh's -p is a port (sshpass -h: -f file, -d fd, -p password, -P prompt).
    [InlineData("sshpass -p s3cret ssh -p 2222 host", "sshpass -p *** ssh -p 2222 host")]
    [InlineData("sshpass -P assword: -p s3cret ssh -p 2222 host", "sshpass -P assword: -p *** ssh -p 2222 host")]
    // mariabackup --help: "-p, --password=name", a required value: the next argument is the password.
    [InlineData("mariabackup --backup -p s3cret --target-dir=/b", "mariabackup --backup -p *** --target-dir=/b")]
    [InlineData("mariadb-backup --backup --password s3cret --target-dir=/b", "mariadb-backup --backup --password *** --target-dir=/b")]
    [InlineData("xtrabackup --backup -p -s3cret", "xtrabackup --backup -p ***")]
    // In free text a value ends at whitespace only (a password may hold ;), but a command still ends at "; ".
    [InlineData("ran mysqldump -ps3c;ret| shop", "ran mysqldump -p*** shop")]
    [InlineData("mydumper -p s3cret -o /b; ssh -p 22 host", "mydumper -p *** -o /b; ssh -p 22 host")]
    // An unknown program's --password takes the next argument; its -p does not (mkdir -p, ssh -p 22).
    [InlineData("backup.sh --password s3cret", "backup.sh --password ***")]
    [InlineData("mkdir -p /backup/x && ssh -p 22 host", "mkdir -p /backup/x && ssh -p 22 host")]
    // Environment-style assignments.
    [InlineData("MYSQL_PWD=s3cret mysqldump shop", "MYSQL_PWD=*** mysqldump shop")]
    [InlineData("env PGPASSWORD=s3cret pg_dump", "env PGPASSWORD=*** pg_dump")]
    [InlineData("RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=abc rclone copy", "RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=*** rclone copy")]
    // URIs, with and without a scheme (MySQL Shell), and as an option's value.
    [InlineData("mysqlsh mysql://root:s3cret@db1:3306 -- util dumpInstance /b", "mysqlsh mysql://root:***@db1:3306 "
        + "-- util dumpInstance /b")]
    [InlineData("mysqlsh root:s3cret@localhost:3306", "mysqlsh root:***@localhost:3306")]
    [InlineData("mysqlsh --uri=root:s3cret@localhost", "mysqlsh --uri=root:***@localhost")]
    [InlineData("mysqlsh --uri root:s3cret@localhost", "mysqlsh --uri root:***@localhost")]
    [InlineData("rclone copy /b sftp://u:s3cret@host/b", "rclone copy /b sftp://u:***@host/b")]
    // Not URIs with a password.
    [InlineData("rsync -a /b backup@host:/srv/b", "rsync -a /b backup@host:/srv/b")]
    [InlineData("scp x root@host:/b", "scp x root@host:/b")]
    // Quoted values, in a script, and inside a cron CMD line.
    [InlineData("MYSQL_PWD=s3cret mysqldump -p's3cret' --password=\"s3 cret\" shop | gzip > /b/x.gz", "MYSQL_PWD=*** mysqldump -p*** "
        + "--password=*** shop | gzip > /b/x.gz")]
    [InlineData("(root) CMD (/usr/local/bin/dump.sh -ps3cret >> /var/log/dump.log 2>&1)", "(root) CMD (/usr/local/bin/dump.sh -p*** >> "
        + "/var/log/dump.log 2>&1)")]
    [InlineData("", "")]
    public void Every_password_form_is_redacted_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.RedactText(text));

    [Fact]
    public void Arguments_keep_their_count_and_a_script_argument_is_redacted_inside()
    {
        Assert.Equal(
            ["mariadb-dump", "--user=backup", "--password=***", "-p***", "-P3306", "--port=3306", "sh", "-c",
             "MYSQL_PWD=*** mysqldump -p*** --password=*** shop | gzip > /b/x.gz"],
            SecretRedactor.RedactArguments(["mariadb-dump", "--user=backup", "--password=s3cret", "-ps3cret", "-P3306",
                "--port=3306", "sh", "-c",
                "MYSQL_PWD=s3cret mysqldump -p's3cret' --password=\"s3cret\" shop | gzip > /b/x.gz"]));
        Assert.Equal(["mydumper", "-p", "***", "--password", "***", "-o", "/b"],
            SecretRedactor.RedactArguments(["mydumper", "-p", "SECRET", "--password", "with space", "-o", "/b"]));
        // A secret with a space, given as one argument, is one word: it is not cut in two.
        Assert.Equal(["mysqldump", "--password=***"], SecretRedactor.RedactArguments(["mysqldump", "--password=a b c"]));
    }

    [Fact]
    public void The_secrets_of_a_command_are_known_so_that_its_output_can_be_scrubbed_of_them()
    {
        var secrets = SecretRedactor.SecretsIn(["sh", "-c", "mydumper -p 'pw one' -o /b", "--", "mysql://u:pw2@h", "MYSQL_PWD=pw3"]);
        Assert.Equal(["pw one", "pw2", "pw3"], secrets);
        Assert.Equal("+ mydumper -p *** -o /b failed; also *** and ***", SecretRedactor.Scrub("+ mydumper -p pw one -o /b failed; "
            + "also pw2 and pw3", secrets));
    }

    [Theory]
    // In a script, shell operators end a word and a command, and stay in the recorded command.
    [InlineData("export MYSQL_PWD=s3cret; mysqldump shop|gzip>/b/x.gz", "export MYSQL_PWD=***; mysqldump shop|gzip>/b/x.gz")]
    [InlineData("MYSQL_PWD=s3cret mysqldump shop&&echo ok", "MYSQL_PWD=*** mysqldump shop&&echo ok")]
    [InlineData("mydumper -p s3cret -o /b;ssh -p 22 host", "mydumper -p *** -o /b;ssh -p 22 host")]
    [InlineData("sshpass -p 's3c;ret' ssh -p 2222 host", "sshpass -p '***' ssh -p 2222 host")]
    public void A_script_keeps_its_operators(string script, string expected) =>
        Assert.Equal(["sh", "-c", expected], SecretRedactor.RedactArguments(["sh", "-c", script]));
}
