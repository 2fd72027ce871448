using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.FixtureTests;

public sealed class PrometheusTextTests
{
    private const string Sample = """
        # HELP mysql_backup_check_ok 1 when the newest finished artifact passed the check.
        # TYPE mysql_backup_check_ok gauge
        mysql_backup_check_ok{backup="nightly",check="complete"} 1
        mysql_backup_check_ok{backup="nightly",check="checksum"} 0
        mysql_backup_info{backup="odd",server="",kind="mysqldump",path="/b/with \"quotes\" and \\ back, {braces} and\nnewline"} 1
        mysql_backup_exporter_hashed_bytes_total 1.5e+06
        mysql_backup_size_ratio_to_previous{backup="x"} NaN
        mysql_backup_duration_seconds_bucket{le="+Inf"} +Inf 1764028800000
        mysql_backup_age_seconds{} -Inf

        """;

    [Fact]
    public void Parses_names_labels_values_and_escapes()
    {
        var text = new PrometheusText(Sample);

        Assert.Equal(7, text.Samples.Count);
        Assert.Equal(0, text.Value("mysql_backup_check_ok", ("backup", "nightly"), ("check", "checksum")));
        Assert.Equal(1_500_000, text.Value("mysql_backup_exporter_hashed_bytes_total"));
        Assert.Equal("/b/with \"quotes\" and \\ back, {braces} and\nnewline", text.Named("mysql_backup_info").Single().Labels["path"]);
        Assert.Equal("", text.Named("mysql_backup_info").Single().Labels["server"]);
        Assert.True(double.IsNaN(text.Value("mysql_backup_size_ratio_to_previous")!.Value));
        Assert.Equal(double.PositiveInfinity, text.Value("mysql_backup_duration_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(double.NegativeInfinity, text.Value("mysql_backup_age_seconds"));
        Assert.Null(text.Value("mysql_backup_check_ok", ("backup", "other")));
        Assert.Null(text.Value("no_such_metric"));
        Assert.Throws<InvalidOperationException>(() => text.Value("mysql_backup_check_ok", ("backup", "nightly")));
    }
}
