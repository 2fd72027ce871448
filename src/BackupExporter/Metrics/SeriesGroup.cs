using System.Buffers;
using System.Text;
using BackupExporter.Reporting.Cadence;

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
/// Samples are written into the rendering thread's <see cref="RenderScratch"/>, and <see cref="Seal"/> copies them
/// into one right-sized array; which families are present is a <see cref="FamilySet"/>, and each present family's end
/// in the text one int. A group costs its text and two small arrays.
/// </remarks>
internal sealed class SeriesGroup
{
    private RenderScratch? _scratch;
    private byte[] _text = [];
    private FamilySet _families;   // the families with lines here
    private int[] _ends = [];   // end of each present family's lines in _text, in family order
    private RenderScratch.ClockLine[] _clocks = [];

    public SeriesGroup(object?[] sources)
    {
        Sources = sources;
        _scratch = RenderScratch.Take();
    }

    public object?[] Sources { get; }

    /// <summary>The families that have a clock series here.</summary>
    public FamilySet ClockFamilies { get; private set; }

    /// <summary>Whether family <paramref name="family"/> (its index in <see cref="Families.All"/>) has any series here.</summary>
    public bool Has(int family) => _families.Union(ClockFamilies).Contains(family);

    /// <summary>The lines of one family whose values do not depend on the clock.</summary>
    public ReadOnlySpan<byte> Fragment(int family)
    {
        if (!_families.Contains(family))
            return [];
        var i = _families.Rank(family);
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
        scratch.Lines.Add(new RenderScratch.Line((byte)Families.Index(family), start, scratch.Length - start));
    }

    public void Clock(Family family, ClockValue kind, double reference, params ReadOnlySpan<(string Key, string Value)> labels)
    {
        var scratch = _scratch ?? throw new InvalidOperationException("the series group is sealed");
        var start = scratch.Length;
        scratch.Prefix(family.Name, labels);
        var index = Families.Index(family);
        scratch.Clocks.Add(new RenderScratch.ClockLine((byte)index, start, scratch.Length - start, reference, kind));
        ClockFamilies = ClockFamilies.With(index);
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
            _families = _families.With(line.Family);
            lineBytes += line.Length;
        }
        var clockBytes = 0;
        foreach (var clock in clocks)
            clockBytes += clock.PrefixLength;

        // Lines family by family, in the order they were sampled within a family; the clock prefixes after them.
        _text = new byte[lineBytes + clockBytes];
        _ends = new int[_families.Count];
        var source = scratch.Bytes;
        var at = 0;
        var present = 0;
        foreach (var family in _families)
        {
            foreach (var line in lines)
            {
                if (line.Family != family)
                    continue;
                source.AsSpan(line.Start, line.Length).CopyTo(_text.AsSpan(at));
                at += line.Length;
            }
            _ends[present++] = at;
        }
        _clocks = new RenderScratch.ClockLine[clocks.Count];
        for (var i = 0; i < clocks.Count; i++)
        {
            var clock = clocks[i];
            source.AsSpan(clock.PrefixStart, clock.PrefixLength).CopyTo(_text.AsSpan(at));
            _clocks[i] = clock with { PrefixStart = at };
            at += clock.PrefixLength;
        }

        _scratch = null;
        scratch.GiveBack();
        return this;
    }

    /// <summary>Writes family <paramref name="family"/>: its lines, then its clock series with values as of
    /// <paramref name="nowSeconds"/>.</summary>
    public void Write(IBufferWriter<byte> output, int family, double nowSeconds)
    {
        output.Write(Fragment(family));
        if (!ClockFamilies.Contains(family))
            return;
        Span<byte> number = stackalloc byte[Exposition.MaxNumberBytes];
        foreach (var clock in _clocks)
        {
            if (clock.Family != family)
                continue;
            var value = clock.Kind == ClockValue.SecondsSince ? nowSeconds - clock.Reference : Past(clock.Reference, nowSeconds) ? 1 : 0;
            output.Write(_text.AsSpan(clock.PrefixStart, clock.PrefixLength));
            output.Write(number[..Exposition.Number(value, number)]);
            output.Write("\n"u8);
        }
    }

    /// <summary>The verdict's own overdue rule, applied to the scrape's clock: the deadline is the reference.</summary>
    private static bool Past(double deadlineSeconds, double nowSeconds) =>
        ScheduleDeadline.Passed(DateTimeOffset.UnixEpoch.AddSeconds(deadlineSeconds), DateTimeOffset.UnixEpoch.AddSeconds(nowSeconds));

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

}
