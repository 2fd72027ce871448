using BackupExporter.Configuration;

namespace BackupExporter.Inspection;

/// <summary>
/// The check names of a <see cref="CheckTable"/>'s entries, in entry order, as indexes into the closed set
/// <see cref="CheckNames.All"/> packed <see cref="BitsPerName"/> bits each into one int. What it buys: a table is its
/// results array and these 4 bytes, about 80 bytes for three checks where a <c>Dictionary&lt;string, CheckResult&gt;</c>
/// took 220; with 1,000 sets × 30 artifacts the check tables hold 2.4 MB of the heap where the dictionaries held
/// 5.3 MB (bench/HISTORY.md, "1,000 sets: compact per-artifact data"). The price: at most 8 check names, which the
/// type checks when it loads, and at most <see cref="MaxEntries"/> entries (one per name is all a table needs).
/// </summary>
internal readonly record struct PackedCheckNames
{
    public const int BitsPerName = 3;

    /// <summary>Entries whose names fit in the 32 bits.</summary>
    public const int MaxEntries = 32 / BitsPerName;

    private const int NameMask = (1 << BitsPerName) - 1;

    private readonly int _packed;

    static PackedCheckNames()
    {
        if (CheckNames.All.Count > 1 << BitsPerName)
            throw new InvalidOperationException($"more than {1 << BitsPerName} check names: widen PackedCheckNames.BitsPerName");
    }

    private PackedCheckNames(int packed) => _packed = packed;

    /// <summary>The name of entry <paramref name="entry"/>.</summary>
    public string NameOf(int entry) => CheckNames.All[IndexOf(entry)];

    /// <summary>The index in <see cref="CheckNames.All"/> of entry <paramref name="entry"/>'s name.</summary>
    public int IndexOf(int entry) => (_packed >> (entry * BitsPerName)) & NameMask;

    /// <summary>These names with entry <paramref name="entry"/>, the one after the last (no name is replaced), named
    /// <see cref="CheckNames.All"/>[<paramref name="nameIndex"/>].</summary>
    public PackedCheckNames With(int entry, int nameIndex)
    {
        if ((uint)entry >= MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(entry), entry, $"at most {MaxEntries} entries");
        return new(_packed | (nameIndex << (entry * BitsPerName)));
    }

    /// <summary>The index of <paramref name="name"/> in <see cref="CheckNames.All"/>.</summary>
    /// <exception cref="ArgumentException">a name that is not one of <see cref="CheckNames.All"/></exception>
    public static int IndexOfName(string name)
    {
        for (var i = 0; i < CheckNames.All.Count; i++)
        {
            if (string.Equals(CheckNames.All[i], name, StringComparison.Ordinal))
                return i;
        }
        throw new ArgumentException($"unknown check {name}; the checks are {string.Join(", ", CheckNames.All)}", nameof(name));
    }
}
