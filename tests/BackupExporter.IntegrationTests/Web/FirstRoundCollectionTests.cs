using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// The garbage of the first round is collected before the exporter says it is ready, and quiet rounds after it
/// collect nothing more (Scheduling/HeapTrim; bench/README.md, "Footprint").
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class FirstRoundCollectionTests : BackupDirectoryTest
{
    private const string Collected = "collected the managed heap after ";

    public FirstRoundCollectionTests(SharedMariaDb db)
        : base(db)
    {
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length,
            StringComparison.Ordinal))
            n++;
        return n;
    }

    [Fact]
    public async Task The_first_round_is_collected_once_before_ready_and_the_rounds_after_it_are_not()
    {
        var dir = Dir("collected");
        await DumpMaker.DumpAsync(Server, Path.Combine(dir, "shop.sql.gz"), modified: DateTimeOffset.UtcNow.AddHours(-1));
        var config = TestConfig.Write(Path.Combine(Root, "collected.yml"), [("collected", dir, null)]); // every second

        // StartAsync returns once /-/ready answers 200.
        await using var exporter = await ExporterProcess.StartAsync(config, null, "--log.level=debug");

        // The console logger writes from a queue: the line may follow the readiness by a moment.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!exporter.Output.Contains(Collected + "the first round: ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < until, "no first-round collection was logged:\n" + exporter.Output);
            await Task.Delay(50);
        }
        Assert.Matches(@"level=debug logger=HeapTrim msg=""collected the managed heap after the first round: [0-9.]+ MB -> "
            + @"[0-9.]+ MB in [0-9.]+ ms""",
            exporter.Output);

        // Four more rounds of the set: none grows the heap past the threshold, so none is followed by a collection.
        var seen = new HashSet<double>();
        await exporter.ScrapeUntilAsync(m =>
        {
            if (m.Value("mysql_backup_exporter_inspection_last_success_timestamp_seconds", ("inspection", "backup:collected")) is { } t)
                seen.Add(t);
            return seen.Count >= 5;
        }, "the set was inspected four more times");
        Assert.Equal(1, Count(exporter.Output, Collected));
    }
}
