using BackupExporter.Scheduling;

namespace BackupExporter.Tests.Scheduling;

public sealed class YoungCollectionTests
{
    private long _allocated;
    private int _young;
    private readonly YoungCollection _collection;

    public YoungCollectionTests() => _collection = new YoungCollection(() => _allocated, () => _young++);

    [Fact]
    public void Collects_once_the_budget_has_been_allocated_and_counts_again_from_there()
    {
        _allocated = YoungCollection.BudgetBytes - 1;
        _collection.CollectIfDue();
        Assert.Equal(0, _young);

        _allocated++;
        _collection.CollectIfDue();
        _collection.CollectIfDue(); // nothing allocated since
        Assert.Equal(1, _young);

        _allocated += YoungCollection.BudgetBytes - 1;
        _collection.CollectIfDue();
        Assert.Equal(1, _young);
        _allocated++;
        _collection.CollectIfDue();
        Assert.Equal(2, _young);
    }

    [Fact]
    public void A_full_collection_in_its_place_restarts_the_budget()
    {
        var full = 0;
        _allocated = YoungCollection.BudgetBytes * 3;

        _collection.Instead(() => full++);
        _collection.CollectIfDue();
        Assert.Equal((1, 0), (full, _young));

        _allocated += YoungCollection.BudgetBytes;
        _collection.CollectIfDue();
        Assert.Equal(1, _young);
    }

    [Fact]
    public void The_real_one_collects_the_youngest_generation()
    {
        var collection = new YoungCollection();
        collection.CollectIfDue();
        var youngCollections = GC.CollectionCount(0);
        for (var i = 0; i < 40; i++)
            GC.KeepAlive(new byte[64 * 1024]); // 2.5 MiB of garbage, more than the budget
        collection.CollectIfDue();
        Assert.True(GC.CollectionCount(0) > youngCollections, "no collection of the youngest generation ran");
    }
}
