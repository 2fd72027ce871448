using System.Globalization;
using System.Text.Json;
using BackupExporter.Inspection.Drills;
using BackupExporter.IntegrationTests.Fixtures;
using BackupExporter.Reporting;
using Xunit.Abstractions;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>
/// The restore time predicted from a set's drill history, against a real drill of a bigger backup of the same shape:
/// a real server, real mariadb-dump backups, the real <c>drill</c> command. Sizes: the server start (several seconds
/// on a busy host) is taken out of the fit, and the biggest dump (about 13 MB gzip, 44 MB of SQL) still loads in well
/// under a minute. Not mydumper: myloader adds a fixed start of its own, which a rate measured on backups this small
/// counts per byte; measured on a loaded host, the same test predicted mydumper's 4x backup 13% under to 33% over
/// (docs/configuration.md, "Predicted restore time").
/// </summary>
[Collection(RestoreTimingCollection.Name)]
public sealed class RestorePredictionTests(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 100_000;

    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    [Fact]
    public async Task The_restore_time_of_a_dump_four_times_bigger_is_predicted_within_25_percent()
    {
        await using var server = await MariaDbServer.StartOwnAsync();
        _scene.Configure(("shop", SetKind.Mysqldump, null));
        await server.ExecuteAsync("CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT, "
            + "amount DECIMAL(10,2), note VARCHAR(200), created DATETIME, KEY (customer_id))");

        // The history: two drills of one size, one of twice that.
        await GrowAsync(server, Rows);
        var first = await DumpAsync(server, 1);
        var drill = Record(await _scene.DrillAsync("shop", "json"));
        Assert.Equal(Size(first), drill.GetProperty("artifact_bytes").GetInt64());
        Assert.True(drill.GetProperty("server_start_seconds").GetDouble() > 0, drill.ToString());
        Assert.Equal(JsonValueKind.Null, drill.GetProperty("predicted_seconds").ValueKind); // no evidence yet: no guess
        var text = await _scene.DrillAsync("shop");
        Assert.True(text.ExitCode == 0, text.Stdout + text.Stderr);
        Assert.Matches(@"\n  predicted from the earlier drills: \d+\.\ds, \d+% (under|over) the measured \d+\.\ds\n", text.Stdout);
        await GrowAsync(server, 2 * Rows);
        await DumpAsync(server, 2);
        Record(await _scene.DrillAsync("shop", "json"));

        // Four times the first: the prediction the exporter makes from the history, then the real drill.
        await GrowAsync(server, 4 * Rows);
        var big = await DumpAsync(server, 3);
        var history = DrillHistory.Parse(File.ReadAllText(Path.Combine(_scene.History, "shop.json")))!;
        var estimate = RestorePrediction.Predict(history.Passed, Size(big), 0);
        Assert.NotNull(estimate);
        Assert.Equal(3, estimate.Drills);
        var actual = Record(await _scene.DrillAsync("shop", "json"));

        var measured = actual.GetProperty("phase_seconds").GetProperty("total").GetDouble();
        var predicted = estimate.Duration.TotalSeconds;
        Assert.Equal(predicted, actual.GetProperty("predicted_seconds").GetDouble(), 3); // the drill recorded the same prediction
        var fit = estimate.Fit!;
        var figures = string.Create(CultureInfo.InvariantCulture, $"predicted {predicted:0.0}s ({fit.FixedSeconds:0.0}s + "
            + $"{fit.SecondsPerByte * 1048576:0.00}s/MiB x {Size(big) / 1048576.0:0.0} MiB), measured {measured:0.0}s");
        output.WriteLine(figures);
        Assert.True(Math.Abs(predicted - measured) <= 0.25 * measured, figures);
    }

    /// <summary>The one table, grown to <paramref name="rows"/> rows of the same shape.</summary>
    private static async Task GrowAsync(MariaDbServer server, int rows)
    {
        var have = Convert.ToInt32(await server.ScalarAsync("SELECT COUNT(*) FROM shop.orders"), CultureInfo.InvariantCulture);
        await server.ExecuteAsync($"USE shop; INSERT INTO orders SELECT seq, seq % 5000, (seq % 997) / 10, "
            + $"CONCAT(MD5(seq), MD5(seq + 1)), '2026-01-01' + INTERVAL seq SECOND FROM seq_{have + 1}_to_{rows}");
    }

    /// <summary>A new dump of the set, the previous one removed: the drill restores this one.</summary>
    private async Task<string> DumpAsync(MariaDbServer server, int day)
    {
        var directory = _scene.BackupDirectory("shop");
        foreach (var file in Directory.EnumerateFiles(directory))
            File.Delete(file);
        return await DumpMaker.DumpAsync(server, Path.Combine(directory, $"shop-2026-12-0{day}.sql.gz"));
    }

    /// <summary>The dump's size as stored, as the set's inspection measures it.</summary>
    private static long Size(string dump) => new FileInfo(dump).Length;

    private static JsonElement Record(ProcessRunner.Result drill)
    {
        Assert.True(drill.ExitCode == 0, drill.Stdout + drill.Stderr);
        return JsonDocument.Parse(drill.Stdout).RootElement;
    }
}

/// <summary>Timed drills run alone: another test's load beside them would be measured as their restore time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RestoreTimingCollection
{
    public const string Name = "restore-timing";
}
