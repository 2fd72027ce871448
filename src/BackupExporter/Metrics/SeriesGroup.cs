using System.Text;

namespace BackupExporter.Metrics;

/// <summary>A series whose value is computed from the clock at scrape time.</summary>
internal enum ClockValue { SecondsSince, PastDeadline }

/// <summary>
/// The series of one backup set or server, rendered once and kept as UTF-8 text, one fragment per family. Clock
/// values keep their line prefix and reference time; the value is written at each scrape. <see cref="Sources"/> are
/// the snapshot parts it was rendered from: while they are the same objects, the text is still right.
/// </summary>
internal sealed class SeriesGroup
{
    // Made per family on its first sample and dropped by Seal: a cached group holds only its UTF-8 fragments (with
    // 1,000 sets, a builder kept for each of ~80 families was 8 MB of live heap).
    private StringBuilder?[]? _texts = new StringBuilder?[Families.All.Length];

    public SeriesGroup(object?[] sources)
    {
        Sources = sources;
    }

    public object?[] Sources { get; }

    public byte[][] Fragments { get; } = new byte[Families.All.Length][];

    public List<(int Family, byte[] Prefix, double Reference, ClockValue Kind)> ClockSeries { get; } = new();

    /// <summary>Bit i set when family i has a clock series here: the scrape loop checks it without allocating.</summary>
    public ulong ClockFamilies { get; private set; }

    public void Sample(Family family, double value, params (string Key, string Value)[] labels)
    {
        var texts = _texts ?? throw new InvalidOperationException("the series group is sealed");
        Exposition.Sample(texts[Families.Index(family)] ??= new StringBuilder(), family.Name, value, labels);
    }

    public void Clock(Family family, ClockValue kind, double reference, params (string Key, string Value)[] labels)
    {
        var prefix = new StringBuilder();
        Exposition.SeriesPrefix(prefix, family.Name, labels);
        var index = Families.Index(family);
        ClockSeries.Add((index, Encoding.UTF8.GetBytes(prefix.ToString()), reference, kind));
        ClockFamilies |= 1UL << index;
    }

    /// <summary>Freezes the text; call once, after the last sample.</summary>
    public SeriesGroup Seal()
    {
        var texts = _texts ?? throw new InvalidOperationException("the series group is sealed");
        for (var i = 0; i < texts.Length; i++)
            Fragments[i] = texts[i] is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text.ToString()) : [];
        _texts = null;
        return this;
    }

    public bool RenderedFrom(params object?[] sources) =>
        sources.Length == Sources.Length && sources.Select((s, i) => ReferenceEquals(s, Sources[i]) || Equals(s, Sources[i])).All(x => x);
}
