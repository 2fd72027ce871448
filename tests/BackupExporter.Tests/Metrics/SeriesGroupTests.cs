using System.Buffers;
using System.Text;
using BackupExporter.Metrics;
using static BackupExporter.Metrics.Families;
using static BackupExporter.Metrics.MetricLabels;

namespace BackupExporter.Tests.Metrics;

public sealed class SeriesGroupTests
{
    private static string Written(SeriesGroup group, double nowSeconds)
    {
        var output = new ArrayBufferWriter<byte>();
        for (var f = 0; f < All.Length; f++)
        {
            if (group.Has(f))
                group.Write(output, f, nowSeconds);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Lines_come_out_family_by_family_in_contract_order_keeping_their_order_within_a_family()
    {
        var g = new SeriesGroup([]);
        g.Sample(RetainedBytes, 7, Backup.Of("a"));
        g.Sample(Info, 1, Backup.Of("a"));
        g.Sample(Artifacts, 2, Backup.Of("a"), Status.Of("ok"));
        g.Sample(Artifacts, 3, Backup.Of("a"), Status.Of("failed"));
        g.Seal();

        Assert.Equal(
            "mysql_backup_info{backup=\"a\"} 1\n" +
            "mysql_backup_artifacts{backup=\"a\",status=\"ok\"} 2\n" +
            "mysql_backup_artifacts{backup=\"a\",status=\"failed\"} 3\n" +
            "mysql_backup_retained_bytes{backup=\"a\"} 7\n",
            Written(g, 0));
        Assert.True(g.Has(Index(Info)));
        Assert.False(g.Has(Index(PathOk)));
        Assert.True(g.Fragment(Index(PathOk)).IsEmpty);
    }

    [Fact]
    public void Values_are_written_as_the_text_format_wants_them()
    {
        var g = new SeriesGroup([]);
        g.Sample(SizeRatio, double.PositiveInfinity, Backup.Of("inf"));
        g.Sample(SizeRatio, double.NegativeInfinity, Backup.Of("-inf"));
        g.Sample(SizeRatio, double.NaN, Backup.Of("nan"));
        g.Sample(SizeRatio, 0.1 + 0.2, Backup.Of("round-trip"));
        g.Sample(SizeRatio, 1.5e-7, Backup.Of("small"));
        g.Sample(SizeRatio, 1_764_000_000.123, Backup.Of("time"));
        g.Seal();

        var lines = g.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.LastIndexOf(' ') + 1)..]).ToList();
        Assert.Equal(["+Inf", "-Inf", "NaN", (0.1 + 0.2).ToString(System.Globalization.CultureInfo.InvariantCulture), "1.5E-07",
            "1764000000.123"], lines);
        Assert.Equal(0.1 + 0.2, double.Parse(lines[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Label_values_are_utf8_and_escaped()
    {
        var g = new SeriesGroup([]);
        g.Sample(Info, 1, Backup.Of("Sicherung Köln ✓"), SetPath.Of("C:\\dir \"x\"\nnext"));
        g.Seal();

        Assert.Equal("mysql_backup_info{backup=\"Sicherung Köln ✓\",path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 1\n", Written(g, 0));
    }

    [Fact]
    public void Clock_series_get_their_value_at_write_time_after_the_family_s_other_lines()
    {
        var g = new SeriesGroup([]);
        g.Clock(Overdue, ClockValue.PastDeadline, 100, Backup.Of("a"));
        g.Clock(LastSuccessAge, ClockValue.SecondsSince, 40, Backup.Of("a"));
        g.Sample(LastSuccess, 40, Backup.Of("a"));
        g.Seal();

        Assert.Equal(
            "mysql_backup_last_success_timestamp_seconds{backup=\"a\"} 40\n" +
            "mysql_backup_last_success_age_seconds{backup=\"a\"} 60\n" +
            "mysql_backup_overdue{backup=\"a\"} 0\n",
            Written(g, 100));
        Assert.Contains("mysql_backup_overdue{backup=\"a\"} 1\n", Written(g, 100.5));
        Assert.Equal("mysql_backup_last_success_timestamp_seconds{backup=\"a\"} 40\n", g.Text);
    }

    [Fact]
    public void Groups_rendered_one_after_the_other_or_one_inside_another_keep_their_own_text()
    {
        var first = new SeriesGroup([]);
        first.Sample(Info, 1, Backup.Of("first"));
        var inner = new SeriesGroup([]);
        inner.Sample(Info, 1, Backup.Of("inner"));
        inner.Seal();
        first.Sample(PathOk, 1, Backup.Of("first"));
        first.Seal();
        var next = new SeriesGroup([]);
        next.Sample(Info, 1, Backup.Of("next"));
        next.Seal();
        var empty = new SeriesGroup([]).Seal();

        Assert.Equal("mysql_backup_info{backup=\"first\"} 1\nmysql_backup_path_ok{backup=\"first\"} 1\n", first.Text);
        Assert.Equal("mysql_backup_info{backup=\"inner\"} 1\n", inner.Text);
        Assert.Equal("mysql_backup_info{backup=\"next\"} 1\n", next.Text);
        Assert.Equal("", empty.Text);
        Assert.Throws<InvalidOperationException>(() => next.Sample(Info, 1, Backup.Of("late")));
    }

    [Fact]
    public void A_family_that_is_not_a_snapshot_family_is_refused_not_filed_elsewhere()
    {
        var g = new SeriesGroup([]);

        var refused = Assert.Throws<ArgumentException>(() => g.Sample(ExporterFamilies.ProcessCpu, 1));

        Assert.Contains("process_cpu_seconds_total", refused.Message, StringComparison.Ordinal);
    }
}
