using System.Text;

namespace BackupExporter.Metrics;

/// <summary>
/// A rendering thread's buffer for exposition text, kept between series groups: samples are written into it as
/// UTF-8, with where each line is, and a sealed group copies them out into one right-sized array. What it buys:
/// rendering a set's series allocates its text and two small arrays, 2.8 KB for 30 artifacts where a builder per
/// family, a string per value and an array per fragment made 19.7 KB; a scrape after a round of 1,000 sets that
/// changed no artifact made 2.87 MB of garbage instead of 24.41 MB (RenderBenchmarks; bench/HISTORY.md, "1,000 sets
/// after ready"). One per thread (<see cref="Take"/>, <see cref="GiveBack"/>): the buffer grows to the largest group
/// a thread rendered and stays that size.
/// </summary>
internal sealed class RenderScratch
{
    [ThreadStatic] private static RenderScratch? t_free;

    private RenderScratch()
    {
    }

    public byte[] Bytes { get; private set; } = new byte[4096];

    public int Length { get; private set; }

    public List<Line> Lines { get; } = new(64);

    public List<ClockLine> Clocks { get; } = new(4);

    /// <summary>This thread's scratch, empty; a new one while this thread's is taken (a group rendered while another
    /// is open, which nothing does today).</summary>
    public static RenderScratch Take()
    {
        var scratch = t_free ?? new RenderScratch();
        t_free = null;
        scratch.Length = 0;
        scratch.Lines.Clear();
        scratch.Clocks.Clear();
        return scratch;
    }

    /// <summary>Keeps this scratch for the next group the calling thread renders.</summary>
    public void GiveBack() => t_free = this;

    public void Byte(byte b)
    {
        Reserve(1);
        Bytes[Length++] = b;
    }

    /// <summary><c>name{k="v",...} </c>: the part of a sample line before its value.</summary>
    public void Prefix(string name, ReadOnlySpan<(string Key, string Value)> labels)
    {
        Ascii(name);
        if (labels.Length > 0)
        {
            Byte((byte)'{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    Byte((byte)',');
                Ascii(labels[i].Key);
                Byte((byte)'=');
                Byte((byte)'"');
                LabelValue(labels[i].Value);
                Byte((byte)'"');
            }
            Byte((byte)'}');
        }
        Byte((byte)' ');
    }

    public void Number(double value)
    {
        Reserve(Exposition.MaxNumberBytes);
        Length += Exposition.Number(value, Bytes.AsSpan(Length));
    }

    private void Ascii(string text)
    {
        Reserve(text.Length);
        Length += Encoding.ASCII.GetBytes(text, Bytes.AsSpan(Length));
    }

    // Backslash, double quote and line feed escaped as the text format requires; everything else as UTF-8.
    private void LabelValue(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var special = rest.IndexOfAny('\\', '"', '\n');
            var plain = special < 0 ? rest : rest[..special];
            Reserve(Encoding.UTF8.GetMaxByteCount(plain.Length));
            Length += Encoding.UTF8.GetBytes(plain, Bytes.AsSpan(Length));
            if (special < 0)
                return;
            Byte((byte)'\\');
            Byte(rest[special] == '\n' ? (byte)'n' : (byte)rest[special]);
            rest = rest[(special + 1)..];
        }
    }

    private void Reserve(int bytes)
    {
        if (Length + bytes > Bytes.Length)
        {
            var bigger = Bytes;
            Array.Resize(ref bigger, Math.Max(Bytes.Length * 2, Length + bytes));
            Bytes = bigger;
        }
    }

    /// <summary>A sample line: its family's index in <see cref="Families.All"/>, and where it is.</summary>
    public readonly record struct Line(byte Family, int Start, int Length);

    /// <summary>A clock series: where its line prefix is, and how its value is computed at scrape time.</summary>
    public readonly record struct ClockLine(byte Family, int PrefixStart, int PrefixLength, double Reference, ClockValue Kind);
}
