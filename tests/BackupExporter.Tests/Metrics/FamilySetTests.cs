using BackupExporter.Metrics;

namespace BackupExporter.Tests.Metrics;

public sealed class FamilySetTests
{
    [Fact]
    public void Holds_the_families_added_counts_them_and_walks_them_lowest_first()
    {
        var set = FamilySet.Empty.With(40).With(3).With(63).With(0).With(3);

        Assert.Equal(4, set.Count);
        Assert.True(set.Contains(0) && set.Contains(3) && set.Contains(40) && set.Contains(63));
        Assert.False(set.Contains(1));
        Assert.False(set.Contains(62));
        var walked = new List<int>();
        foreach (var family in set)
            walked.Add(family);
        Assert.Equal([0, 3, 40, 63], walked);
        Assert.True(FamilySet.Empty.IsEmpty);
        Assert.False(set.IsEmpty);
    }

    [Fact]
    public void The_rank_of_a_family_is_how_many_of_the_set_come_before_it()
    {
        var set = FamilySet.Empty.With(2).With(5).With(9);

        Assert.Equal(0, set.Rank(2));
        Assert.Equal(1, set.Rank(5));
        Assert.Equal(2, set.Rank(9));
        Assert.Equal(3, set.Rank(63));
        Assert.Equal(0, set.Rank(0));
    }

    [Fact]
    public void A_union_holds_both_sets()
    {
        var union = FamilySet.Empty.With(1).Union(FamilySet.Empty.With(60));

        Assert.Equal(FamilySet.Empty.With(60).With(1), union);
        Assert.Equal(2, union.Count);
    }

    [Fact]
    public void An_index_outside_the_word_is_refused_not_wrapped_onto_another_family()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FamilySet.Empty.With(FamilySet.Capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => FamilySet.Empty.Contains(-1));
    }

    [Fact]
    public void Every_snapshot_family_fits()
    {
        Assert.InRange(Families.All.Length, 1, FamilySet.Capacity);
        var all = FamilySet.Empty;
        for (var f = 0; f < Families.All.Length; f++)
            all = all.With(f);
        Assert.Equal(Families.All.Length, all.Count);
    }
}
