using System.Text;
using BackupExporter.Metrics;

namespace BackupExporter.Tests.Metrics;

public sealed class RenderScratchTests
{
    private static string Text(RenderScratch scratch) => Encoding.UTF8.GetString(scratch.Bytes, 0, scratch.Length);

    [Fact]
    public void Writes_a_sample_line_as_the_text_format_wants_it()
    {
        var scratch = RenderScratch.Take();
        scratch.Prefix("mysql_backup_info", [("backup", "Köln \"a\"\\b\nc"), ("path", "/x")]);
        scratch.Number(1.5);
        scratch.Byte((byte)'\n');
        scratch.Prefix("mysql_backup_up", []);
        scratch.Number(double.PositiveInfinity);

        Assert.Equal("mysql_backup_info{backup=\"Köln \\\"a\\\"\\\\b\\nc\",path=\"/x\"} 1.5\nmysql_backup_up +Inf", Text(scratch));
        scratch.GiveBack();
    }

    [Fact]
    public void A_thread_gets_its_scratch_back_empty_and_a_second_one_while_it_is_taken()
    {
        var first = RenderScratch.Take();
        first.Prefix("a", []);
        first.Lines.Add(new RenderScratch.Line(0, 0, 2));
        first.Clocks.Add(new RenderScratch.ClockLine(0, 0, 2, 1, ClockValue.SecondsSince));
        var second = RenderScratch.Take();
        Assert.NotSame(first, second);
        second.GiveBack();
        first.GiveBack();

        var again = RenderScratch.Take();

        Assert.Same(first, again);
        Assert.Equal(0, again.Length);
        Assert.Empty(again.Lines);
        Assert.Empty(again.Clocks);
        again.GiveBack();
    }

    [Fact]
    public async Task Each_thread_has_its_own()
    {
        var mine = RenderScratch.Take();
        mine.GiveBack();

        var other = await Task.Factory.StartNew(() =>
        {
            var scratch = RenderScratch.Take();
            scratch.GiveBack();
            return scratch;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.NotSame(mine, other);
    }

    [Fact]
    public void Grows_for_a_large_group_and_keeps_its_size()
    {
        var scratch = RenderScratch.Take();
        var value = new string('x', 10_000);
        scratch.Prefix("big", [("label", value)]);

        Assert.Equal("big{label=\"" + value + "\"} ", Text(scratch));
        var size = scratch.Bytes.Length;
        Assert.True(size >= 10_000);
        scratch.GiveBack();
        var again = RenderScratch.Take();
        Assert.Same(scratch, again);
        Assert.Equal(size, again.Bytes.Length);
        again.GiveBack();
    }

    [Fact]
    public void Rendering_a_group_again_on_the_same_thread_allocates_only_the_group()
    {
        static void Render()
        {
            var g = new SeriesGroup([]);
            for (var i = 0; i < 30; i++)
                g.Sample(Families.Artifacts, i, ("backup", "a"), ("status", "ok"));
            g.Seal();
        }

        Render();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Render();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The group, its text (30 lines of ~50 bytes), its two small arrays; not a new 4 KiB scratch or its lists.
        Assert.InRange(allocated, 1, 3_000);
    }
}
