using System.Buffers;
using System.Numerics;
using System.Text;

namespace BackupExporter.Metrics;

/// <summary>A series whose value is computed from the clock at scrape time.</summary>
internal enum ClockValue { SecondsSince, PastDeadline }

/// <summary>
/// The series of one backup set or server, rendered once and kept as UTF-8 text: one array holding each family's
/// lines, family by family, then the line prefixes of the clock series, whose values are written at each scrape.
/// <see cref="Sources"/> are the snapshot parts it was rendered from: while they are the same objects, the text is
/// still right.
/// </summary>
/// <remarks>
/// Samples are written as UTF-8 straight into a scratch buffer of the rendering thread, and <see cref="Seal"/> copies
/// them into one right-sized array. A group costs its text and two small arrays: with 1,000 sets re-rendered after a
/// round, a builder per family, a string per value and an array per fragment made about 20 KB of garbage per set
/// (bench/README.md, "Footprint").
/// </remarks>
internal sealed class SeriesGroup
{
    [ThreadStatic] private static Scratch? t_scratch;

    private Scratch? _scratch;
    private byte[] _text = [];
    private ulong _families;   // bit f: family f has lines here
    private int[] _ends = [];   // end of each present family's lines in _text, in family order
    private ClockLine[] _clocks = [];

    public SeriesGroup(object?[] sources)
    {
        Sources = sources;
        _scratch = t_scratch ?? new Scratch();
        t_scratch = null; // a group rendered while another is open (none today) gets its own scratch
        _scratch.Reset();
    }

    public object?[] Sources { get; }

    /// <summary>Bit i set when family i has a clock series here: the scrape loop checks it without allocating.</summary>
    public ulong ClockFamilies { get; private set; }

    /// <summary>Whether family <paramref name="family"/> (its index in <see cref="Families.All"/>) has any series here.</summary>
    public bool Has(int family) => ((_families | ClockFamilies) & (1UL << family)) != 0;

    /// <summary>The lines of one family whose values do not depend on the clock.</summary>
    public ReadOnlySpan<byte> Fragment(int family)
    {
        var bit = 1UL << family;
        if ((_families & bit) == 0)
            return [];
        var i = BitOperations.PopCount(_families & (bit - 1));
        var start = i == 0 ? 0 : _ends[i - 1];
        return _text.AsSpan(start, _ends[i] - start);
    }

    /// <summary>The clock series, for tests: family, line prefix, reference time and how the value is computed.</summary>
    public IEnumerable<(int Family, byte[] Prefix, double Reference, ClockValue Kind)> ClockSeries =>
        _clocks.Select(c => ((int)c.Family, _text.AsSpan(c.PrefixStart, c.PrefixLength).ToArray(), c.Reference, c.Kind));

    /// <summary>Every line but the clock series, family by family, for tests.</summary>
    public string Text => Encoding.UTF8.GetString(_text, 0, _ends.Length == 0 ? 0 : _ends[^1]);

    public void Sample(Family family, double value, params ReadOnlySpan<(string Key, string Value)> labels)
    {
        var scratch = _scratch ?? throw new InvalidOperationException("the series group is sealed");
        var start = scratch.Length;
        scratch.Prefix(family.Name, labels);
        scratch.Number(value);
        scratch.Byte((byte)'\n');
        scratch.Lines.Add(new Line((byte)Families.Index(family), start, scratch.Length - start));
    }

    public void Clock(Family family, ClockValue kind, double reference, params ReadOnlySpan<(string Key, string Value)> labels)
    {
        var scratch = _scratch ?? throw new InvalidOperationException("the series group is sealed");
        var start = scratch.Length;
        scratch.Prefix(family.Name, labels);
        var index = Families.Index(family);
        scratch.Clocks.Add(new ClockLine((byte)index, start, scratch.Length - start, reference, kind));
        ClockFamilies |= 1UL << index;
    }

    /// <summary>Freezes the text; call once, after the last sample.</summary>
    public SeriesGroup Seal()
    {
        var scratch = _scratch ?? throw new InvalidOperationException("the series group is sealed");
        var lines = scratch.Lines;
        var clocks = scratch.Clocks;
        var lineBytes = 0;
        foreach (var line in lines)
        {
            _families |= 1UL << line.Family;
            lineBytes += line.Length;
        }
        var clockBytes = 0;
        foreach (var clock in clocks)
            clockBytes += clock.PrefixLength;

        // Lines family by family, in the order they were sampled within a family; the clock prefixes after them.
        _text = new byte[lineBytes + clockBytes];
        _ends = new int[BitOperations.PopCount(_families)];
        var source = scratch.Bytes;
        var at = 0;
        var present = 0;
        for (var remaining = _families; remaining != 0; remaining &= remaining - 1)
        {
            var family = (byte)BitOperations.TrailingZeroCount(remaining);
            foreach (var line in lines)
            {
                if (line.Family != family)
                    continue;
                source.AsSpan(line.Start, line.Length).CopyTo(_text.AsSpan(at));
                at += line.Length;
            }
            _ends[present++] = at;
        }
        _clocks = new ClockLine[clocks.Count];
        for (var i = 0; i < clocks.Count; i++)
        {
            var clock = clocks[i];
            source.AsSpan(clock.PrefixStart, clock.PrefixLength).CopyTo(_text.AsSpan(at));
            _clocks[i] = clock with { PrefixStart = at };
            at += clock.PrefixLength;
        }

        _scratch = null;
        t_scratch = scratch;
        return this;
    }

    /// <summary>
    /// Writes family <paramref name="family"/>: its lines, then its clock series with values as of <paramref name="nowSeconds"/>.
    /// </summary>
    public void Write(IBufferWriter<byte> output, int family, double nowSeconds)
    {
        output.Write(Fragment(family));
        if ((ClockFamilies & (1UL << family)) == 0)
            return;
        Span<byte> number = stackalloc byte[Exposition.MaxNumberBytes];
        foreach (var clock in _clocks)
        {
            if (clock.Family != family)
                continue;
            var value = clock.Kind == ClockValue.SecondsSince ? nowSeconds - clock.Reference : nowSeconds > clock.Reference ? 1 : 0;
            output.Write(_text.AsSpan(clock.PrefixStart, clock.PrefixLength));
            output.Write(number[..Exposition.Number(value, number)]);
            output.Write("\n"u8);
        }
    }

    public bool RenderedFrom(params object?[] sources)
    {
        if (sources.Length != Sources.Length)
            return false;
        for (var i = 0; i < sources.Length; i++)
        {
            if (!ReferenceEquals(sources[i], Sources[i]) && !Equals(sources[i], Sources[i]))
                return false;
        }
        return true;
    }

    private readonly record struct Line(byte Family, int Start, int Length);

    private readonly record struct ClockLine(byte Family, int PrefixStart, int PrefixLength, double Reference, ClockValue Kind);

    /// <summary>A rendering thread's buffer, kept between groups: the text as written, and where each line is.</summary>
    private sealed class Scratch
    {
        public byte[] Bytes = new byte[4096];
        public int Length;
        public readonly List<Line> Lines = new(64);
        public readonly List<ClockLine> Clocks = new(4);

        public void Reset()
        {
            Length = 0;
            Lines.Clear();
            Clocks.Clear();
        }

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
                Array.Resize(ref Bytes, Math.Max(Bytes.Length * 2, Length + bytes));
        }
    }
}
