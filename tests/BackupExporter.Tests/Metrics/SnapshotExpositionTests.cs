using BackupExporter.Configuration;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Metrics;
using BackupExporter.Snapshots;
using BackupExporter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using BackupExporter.Decoding;

namespace BackupExporter.Tests.Metrics;

public sealed class SnapshotExpositionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private SnapshotExposition? _exposition;

    private async Task<string> ScrapeAsync()
    {
        using var body = new MemoryStream();
        await _exposition!.WriteAsync(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    private static ArtifactObservation Artifact(string name, DateTimeOffset modified, long size, bool ok) =>
        new("/b/" + name, size, modified, false,
            new Dictionary<string, CheckResult>
            {
                [CheckNames.Complete] = new(ok, null),
                [CheckNames.Size] = new(true, null),
            }, null, CompressionFormat.Gzip);

    private (SnapshotStore Store, SnapshotExposition Exposition) Setup(params string[] sets)
    {
        // Hourly with 30 minutes' grace: a newest good artifact from 10:00 was due again by 11:30, so at noon the set is overdue.
        var config = TestSets.Config(
            sets.Select(s => TestSets.Mysqldump("/b", name: s, schedule: "0 * * * *", grace: TimeSpan.FromMinutes(30))).ToArray());
        var store = new SnapshotStore(config, [], Now);
        store.Reconfigure(config, sets.Select(InspectionNames.Backup).ToList(), Now);
        _exposition = new SnapshotExposition(_registry, store, _clock, "1.2.3");
        return (store, _exposition);
    }

    private static void Publish(SnapshotStore store, string set, params ArtifactObservation[] artifacts) =>
        store.Publish(
            new InspectionStatus(InspectionNames.Backup(set), true, null, Now, Now, TimeSpan.FromMilliseconds(5)),
            new BackupSetObservation(set, Now, null, artifacts, new VolumeObservation(1000, 4000), null, Now.AddDays(-2)));

    [Fact]
    public async Task Renders_the_backup_set_contract()
    {
        var (store, _) = Setup("nightly");
        Publish(store, "nightly", Artifact("a", Now.AddDays(-1), 100, true), Artifact("b", Now.AddHours(-2), 250, true),
            Artifact("c", Now.AddHours(-1), 10, false));

        var text = await ScrapeAsync();

        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_info{backup="nightly",server="",kind="mysqldump",path="/b"}"""));
        Assert.Equal(Now.AddHours(-2).ToUnixTimeSeconds(),
            MetricsText.Value(text, """mysql_backup_last_success_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(7200, MetricsText.Value(text, """mysql_backup_last_success_age_seconds{backup="nightly"}"""));
        Assert.Equal(Now.AddHours(-1).ToUnixTimeSeconds(),
            MetricsText.Value(text, """mysql_backup_last_failure_timestamp_seconds{backup="nightly"}"""));
        Assert.Equal(250, MetricsText.Value(text, """mysql_backup_last_success_size_bytes{backup="nightly"}"""));
        Assert.Equal(2.5, MetricsText.Value(text, """mysql_backup_size_ratio_to_previous{backup="nightly"}"""));
        Assert.Equal(2, MetricsText.Value(text, """mysql_backup_artifacts{backup="nightly",status="ok"}"""));
        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_artifacts{backup="nightly",status="failed"}"""));
        Assert.Equal(0, MetricsText.Value(text, """mysql_backup_artifacts{backup="nightly",status="in_progress"}"""));
        Assert.Equal(360, MetricsText.Value(text, """mysql_backup_retained_bytes{backup="nightly"}"""));
        Assert.Equal(0, MetricsText.Value(text, """mysql_backup_check_ok{backup="nightly",check="complete"}"""));
        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_check_ok{backup="nightly",check="size"}"""));
        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_overdue{backup="nightly"}"""));
        Assert.Equal(4, MetricsText.Value(text, """mysql_backup_volume_headroom_ratio{backup="nightly"}"""));
        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_exporter_inspection_success{inspection="backup:nightly"}"""));
        Assert.Equal(1, MetricsText.Value(text, """mysql_backup_exporter_build_info{version="1.2.3"}"""));
        Assert.Equal(1, MetricsText.Value(text, "mysql_backup_exporter_config_last_reload_successful"));
    }

    [Fact]
    public async Task Every_family_has_one_header_and_its_samples_together()
    {
        var (store, _) = Setup("a", "b");
        Publish(store, "a", Artifact("x", Now.AddHours(-1), 100, true));
        Publish(store, "b", Artifact("x", Now.AddHours(-1), 100, false));

        var lines = (await ScrapeAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(families.Distinct().Count(), families.Count);
        var order = lines.Where(l => !l.StartsWith('#')).Select(l => l[..l.IndexOfAny(['{', ' '])]).ToList();
        var runs = order.Where((name, i) => i == 0 || order[i - 1] != name).ToList();
        Assert.Equal(runs.Distinct().Count(), runs.Count); // no family is split into two runs
        Assert.Contains("""mysql_backup_info{backup="a",server="",kind="mysqldump",path="/b"} 1""", lines);
    }

    [Fact]
    public async Task Label_values_are_escaped()
    {
        var config = TestSets.Config(TestSets.Mysqldump("/b/with \"quote\" and \\ back\nslash", name: "odd"));
        var store = new SnapshotStore(config, [], Now);
        _exposition = new SnapshotExposition(_registry, store, _clock, "1");

        Assert.Contains("""path="/b/with \"quote\" and \\ back\nslash"}""", await ScrapeAsync());
    }

    [Fact]
    public async Task Ages_are_computed_at_scrape_time()
    {
        var (store, _) = Setup("nightly");
        Publish(store, "nightly", Artifact("a", Now.AddHours(-1), 100, true));
        await ScrapeAsync();

        _clock.Advance(TimeSpan.FromMinutes(30));
        var text = await ScrapeAsync();

        Assert.Equal(5400, MetricsText.Value(text, """mysql_backup_last_success_age_seconds{backup="nightly"}"""));
    }

    [Fact]
    public async Task A_backup_set_removed_from_the_config_disappears_at_the_next_scrape()
    {
        var (store, _) = Setup("keep", "drop");
        Publish(store, "keep", Artifact("a", Now.AddHours(-1), 100, true));
        Publish(store, "drop", Artifact("a", Now.AddHours(-1), 100, true));
        Assert.Contains("backup=\"drop\"", await ScrapeAsync());

        var config = TestSets.Config(TestSets.Mysqldump("/b", name: "keep", schedule: "0 2 * * *", grace: TimeSpan.FromHours(2)));
        store.Reconfigure(config, [InspectionNames.Backup("keep")], Now);
        var text = await ScrapeAsync();

        Assert.DoesNotContain("drop", text);
        Assert.Contains("backup=\"keep\"", text);
    }

    [Fact]
    public async Task Series_of_a_check_that_no_longer_applies_disappear()
    {
        var (store, _) = Setup("nightly");
        Publish(store, "nightly", Artifact("a", Now.AddHours(-1), 100, true));
        Assert.Contains("check=\"complete\"", await ScrapeAsync());

        Publish(store, "nightly");
        var text = await ScrapeAsync();

        Assert.DoesNotContain("mysql_backup_check_ok{", text);
        Assert.Equal(0, MetricsText.Value(text, """mysql_backup_last_success_timestamp_seconds{backup="nightly"}"""));
    }

    [Fact]
    public async Task A_round_that_changed_no_artifact_updates_its_measurements_without_deciding_the_set_again()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"set{i:000}").ToArray();
        var (store, exposition) = Setup(names);
        store.Reconfigure(store.Current.Config, [.. names.Select(InspectionNames.Backup), .. names.Select(InspectionNames.Run)], Now);
        var artifacts = names.ToDictionary(n => n, n => (IReadOnlyList<ArtifactObservation>)
            [.. Enumerable.Range(0, 30).Select(a => Artifact($"{n}-{a:00}.sql.gz", Now.AddDays(a - 30), 100 + a, true))]);
        // A round as the scheduler makes it: every set's directory and its run status file (absent: nothing changed in
        // it) inspected anew, each inspection with its own new time and duration.
        void Round(int round, long freeBytes)
        {
            foreach (var name in names)
            {
                store.Publish(
                    new InspectionStatus(InspectionNames.Backup(name), true, null, Now.AddSeconds(round), Now.AddSeconds(round),
                        TimeSpan.FromMilliseconds(round)),
                    new BackupSetObservation(name, Now.AddSeconds(round), null, artifacts[name], new VolumeObservation(freeBytes, 4000),
                        null, Now.AddDays(-2)));
                store.Publish(
                    new InspectionStatus(InspectionNames.Run(name), true, null, Now.AddSeconds(round), Now.AddSeconds(round),
                        TimeSpan.FromMilliseconds(round)),
                    new RunStatusObservation(InspectionNames.Run(name), $"/run/{name}.json", null, null));
            }
        }
        Round(1, 1000);
        await ScrapeAsync();

        // The next round: the same artifacts (the very same list, as the inspector keeps it), a new duration and free space.
        Round(2, 2580);
        var output = new System.Buffers.ArrayBufferWriter<byte>(4 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        exposition.WriteBackupSets(output, Now);
        var perSet = (GC.GetAllocatedBytesForCurrentThread() - before) / names.Length;
        var text = System.Text.Encoding.UTF8.GetString(output.WrittenSpan);

        Assert.Equal(0.002, MetricsText.Value(text, """mysql_backup_exporter_inspection_duration_seconds{inspection="backup:set007"}"""));
        Assert.Equal(2580, MetricsText.Value(text, """mysql_backup_volume_free_bytes{backup="set007"}"""));
        Assert.Equal(20, MetricsText.Value(text, """mysql_backup_volume_headroom_ratio{backup="set007"}""")); // 2580 / 129
        Assert.Equal(30, MetricsText.Value(text, """mysql_backup_artifacts{backup="set007",status="ok"}"""));
        // Deciding and rendering a set of 30 artifacts again costs about 6 KB (bench/README.md, "Footprint"); only its
        // round's measurements are rendered now.
        Assert.True(perSet < 3000, $"{perSet} bytes allocated per set");
    }

    /// <summary>What an exposition that never rendered the store before writes now: every set looked at afresh.</summary>
    private static string Afresh(SnapshotStore store)
    {
        var fresh = new SnapshotExposition(Prometheus.Metrics.NewCustomRegistry(), store, new FakeTimeProvider(Now), "1.2.3");
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        fresh.WriteBackupSets(output, Now);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Written(SnapshotExposition exposition) => Written(exposition, out _);

    /// <param name="allocated">what writing allocated, the output buffer aside</param>
    private static string Written(SnapshotExposition exposition, out long allocated)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>(4 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        exposition.WriteBackupSets(output, Now);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void After_publications_of_a_few_sets_only_those_are_looked_at_and_the_text_is_what_a_fresh_look_gives()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"set{i:000}").ToArray();
        var (store, exposition) = Setup(names);
        var random = new Random(7);
        foreach (var name in names)
            Publish(store, name, Artifact($"{name}.sql.gz", Now.AddHours(-2), 100, true));
        Assert.Equal(Afresh(store), Written(exposition));

        for (var step = 0; step < 40; step++)
        {
            // A few sets publish: a new artifact, a failed run that keeps the observation, a run status, a drill history.
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var name = names[random.Next(names.Length)];
                switch (random.Next(4))
                {
                    case 0:
                        Publish(store, name, Artifact($"{name}.sql.gz", Now.AddHours(-2), 100, true), Artifact($"{name}-{step}.sql.gz",
                            Now.AddMinutes(-step), 90 + step, random.Next(2) == 0));
                        break;
                    case 1:
                        store.Publish(new InspectionStatus(InspectionNames.Backup(name), false, "timed out after 60s", Now,
                            Now.AddHours(-1), TimeSpan.FromSeconds(60)), null);
                        break;
                    case 2:
                        store.Publish(new InspectionStatus(InspectionNames.Run(name), true, null, Now, Now, TimeSpan.FromMilliseconds(1)),
                            new BackupExporter.Inspection.Logs.RunStatusObservation(InspectionNames.Run(name), "/run/" + name, null,
                                $"unreadable ({step})"));
                        break;
                    default:
                        store.Publish(new InspectionStatus(InspectionNames.Backup(name), true, null, Now, Now,
                            TimeSpan.FromMilliseconds(step)), store.Current.Backup(name));
                        break;
                }
            }
            var text = Written(exposition, out var allocated);
            Assert.Equal(Afresh(store), text);
            // Looking at all 200 sets again costs ~1.2 KB each before anything is rendered (bench/README.md, "Footprint");
            // the few that published and a new list of the groups cost a fraction of that.
            Assert.True(allocated < 200 * 1200 / 4, $"{allocated} bytes allocated for a scrape after step {step}");
        }

        // A reload that drops a set is looked at afresh: the set is gone.
        var fewer = TestSets.Config(names.Skip(1)
            .Select(s => TestSets.Mysqldump("/b", name: s, schedule: "0 * * * *", grace: TimeSpan.FromMinutes(30))).ToArray());
        store.Reconfigure(fewer, names.Skip(1).Select(InspectionNames.Backup).ToList(), Now);
        var afterReload = Written(exposition);
        Assert.DoesNotContain("backup=\"set000\"", afterReload);
        Assert.Equal(Afresh(store), afterReload);
    }

    /// <summary>Keeps each write's length, and the bytes.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes.Add(count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    [Fact]
    public async Task A_large_scrape_is_written_in_chunks_and_says_the_same_as_the_whole()
    {
        var names = Enumerable.Range(0, 300).Select(i => $"set{i:000}").ToArray();
        var (store, exposition) = Setup(names);
        foreach (var name in names)
            Publish(store, name, Artifact($"{name}-a.sql.gz", Now.AddHours(-26), 100, true),
                Artifact($"{name}-b.sql.gz", Now.AddHours(-2), 120, true));

        var body = new RecordingStream();
        await exposition.WriteAsync(body, CancellationToken.None);
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());

        // Hundreds of kilobytes, never held whole: no write is much over the 32 KiB chunk (one group's lines of a family more at most).
        Assert.True(body.Length > 300_000, $"{body.Length} bytes");
        Assert.True(body.Writes.Count > 10, $"{body.Writes.Count} writes");
        Assert.All(body.Writes, w => Assert.InRange(w, 1, 40 * 1024));
        Assert.EndsWith(Written(exposition), text, StringComparison.Ordinal);
        Assert.StartsWith("# HELP mysql_backup_exporter_build_info", text, StringComparison.Ordinal);
    }
}
