using BackupExporter.Configuration;
using BackupExporter.Inspection;

namespace BackupExporter.Tests.Inspection;

public sealed class PackedCheckNamesTests
{
    [Fact]
    public void Each_entry_keeps_its_own_name_in_entry_order()
    {
        var names = default(PackedCheckNames)
            .With(0, PackedCheckNames.IndexOfName(CheckNames.Chain))
            .With(1, PackedCheckNames.IndexOfName(CheckNames.Complete))
            .With(2, PackedCheckNames.IndexOfName(CheckNames.Size));

        Assert.Equal([CheckNames.Chain, CheckNames.Complete, CheckNames.Size], Enumerable.Range(0, 3).Select(names.NameOf));
        Assert.Equal(PackedCheckNames.IndexOfName(CheckNames.Complete), names.IndexOf(1));
    }

    [Fact]
    public void Every_check_name_fits_in_its_bits_and_comes_back_at_the_last_entry()
    {
        Assert.InRange(CheckNames.All.Count, 1, 1 << PackedCheckNames.BitsPerName);
        var last = PackedCheckNames.MaxEntries - 1;
        for (var i = 0; i < CheckNames.All.Count; i++)
            Assert.Equal(CheckNames.All[i], default(PackedCheckNames).With(last, i).NameOf(last));
    }

    [Fact]
    public void An_entry_beyond_the_int_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => default(PackedCheckNames).With(PackedCheckNames.MaxEntries, 0));
    }

    [Fact]
    public void A_name_outside_the_closed_set_is_refused_with_the_names_allowed()
    {
        var e = Assert.Throws<ArgumentException>(() => PackedCheckNames.IndexOfName("checksums"));
        Assert.Contains("unknown check checksums; the checks are complete, compression, checksum, size, chain", e.Message,
            StringComparison.Ordinal);
    }
}
