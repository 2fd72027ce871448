using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Drills;

/// <summary>Drills of real mydumper 0.10 output, restored with the real myloader, and the trap of a data file cut mid-INSERT.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MydumperDrillTests(SharedMariaDb shared) : IDisposable
{
    private readonly DrillScene _scene = new();

    public void Dispose() => _scene.Dispose();

    private async Task<string> MydumperAsync(string set, string name, string database = "shop", params string[] extra)
    {
        var output = Path.Combine(_scene.BackupDirectory(set), name);
        await ProcessRunner.CheckedAsync("mydumper", ["-S", shared.Server.SocketPath, "-u", "root", "-B", database, "-o", output, "-c",
            .. extra]);
        return output;
    }

    /// <summary>
    /// Keeps the first <paramref name="share"/> of a data file's INSERT statements and drops the rest, at a statement
    /// boundary: the SQL stays valid, and myloader loads what is left without a word.
    /// </summary>
    private static async Task CutAtStatementAsync(string data, double share)
    {
        var sql = await ProcessRunner.CheckedAsync("bash", "-c", $"gzip -dc {ProcessRunner.Quote(data)}");
        var starts = Regex.Matches(sql, "^INSERT INTO ", RegexOptions.Multiline).Select(m => m.Index).ToList();
        Assert.True(starts.Count >= 10, $"the data file has {starts.Count} INSERT statements, not many");
        var kept = sql[..starts[(int)(starts.Count * share)]];
        Assert.EndsWith(";\n", kept, StringComparison.Ordinal);
        File.WriteAllText(data + ".cut", kept);
        await ProcessRunner.CheckedAsync("gzip", "-f", data + ".cut");
        File.Move(data + ".cut.gz", data, overwrite: true);
    }

    [Fact]
    public async Task A_table_file_cut_at_a_statement_boundary_fails_by_table_name_while_its_schema_shrank_less_than_max_shrink()
    {
        _scene.Configure(("shop", SetKind.Mydumper, r => r.Set("max_shrink", "50%")));
        await MydumperAsync("shop", "2026-11-30", extra: ["-s", "20000"]);
        var first = await _scene.DrillAsync("shop");
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.DoesNotContain("own counts", first.Stdout, StringComparison.Ordinal); // mydumper 0.10 records none
        var dump = await MydumperAsync("shop", "2026-12-01", extra: ["-s", "20000"]);
        await CutAtStatementAsync(Path.Combine(dump, "shop.orders.sql.gz"), 0.4);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        var m = Regex.Match(r.Stdout, @"^shop: CRITICAL - verify: the restored data shrank by more than max_shrink 50% against the drill "
            + @"of [^:]+:\d\d:\d\dZ: table shop\.orders: rows fell from 5000 to (?<left>\d+)\n");
        Assert.True(m.Success, r.Stdout);
        var left = int.Parse(m.Groups["left"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(left, 1000, 2499);
        // 7000 rows before: the schema lost less than half, which the per-schema comparison alone let pass.
        Assert.Contains($"    shop: 2 tables, {2000 + left} rows\n", r.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("2026-12-01", _scene.HistoryOf("shop").GetProperty("newest").GetProperty("artifact_path").GetString());
    }

    [Fact]
    public async Task Fake_mydumper_0_14_row_counts_in_the_metadata_fail_a_cut_table_without_a_previous_drill()
    {
        _scene.Configure(("shop", SetKind.Mydumper, null));
        var dump = await MydumperAsync("shop", "2026-12-01", extra: ["-s", "20000"]);
        await CutAtStatementAsync(Path.Combine(dump, "shop.orders.sql.gz"), 0.7);
        // The real 0.10 metadata, rewritten as mydumper 0.14+ writes it (that release is not in Debian): with rows per table.
        var metadata = Path.Combine(dump, "metadata");
        var real = File.ReadAllLines(metadata);
        File.WriteAllText(metadata, $"# {real[0]}\n[config]\nquote_character = BACKTICK\n\n"
            + "[`shop`.`customers`]\nreal_table_name=customers\nrows = 2000\n\n"
            + "[`shop`.`orders`]\nreal_table_name=orders\nrows = 5000\n\n"
            + $"[source]\nFile = mysql-bin.000002\nPosition = 385\n\n"
            + $"# {real.Last(l => l.StartsWith("Finished", StringComparison.Ordinal))}\n");

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Matches($@"^shop: CRITICAL - verify: the restored copy has fewer rows than the backup records \({Regex.Escape(metadata)} "
            + @"\(rows = per table\)\): shop\.orders: the backup records 5000 rows, \d{4} restored\n", r.Stdout);
    }

    [Fact]
    public async Task A_table_dropped_on_purpose_between_two_backups_is_said_not_failed_and_so_is_a_new_one()
    {
        var database = "catalog_" + Guid.NewGuid().ToString("N")[..8];
        _scene.Configure(("catalog", SetKind.Mydumper, r => r.Set("max_shrink", "50%")));
        try
        {
            await shared.Server.ExecuteAsync($"CREATE DATABASE {database}; USE {database}; "
                + "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40)); CREATE TABLE legacy (id INT PRIMARY KEY); "
                + "INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_3000; "
                + "INSERT INTO legacy SELECT seq FROM seq_1_to_500;");
            await MydumperAsync("catalog", "2026-11-30", database);
            Assert.Equal(0, (await _scene.DrillAsync("catalog")).ExitCode);
            await shared.Server.ExecuteAsync($"USE {database}; DROP TABLE legacy; CREATE TABLE tags (id INT PRIMARY KEY); "
                + "INSERT INTO tags SELECT seq FROM seq_1_to_40;");
            await MydumperAsync("catalog", "2026-12-01", database);

            var r = await _scene.DrillAsync("catalog");

            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.Matches($@"  note: table {database}\.legacy is gone since the drill of \S+ \S+ \(it had 500 rows\)\n", r.Stdout);
            Assert.Matches($@"  note: table {database}\.tags is new since the drill of \S+ \S+ \(40 rows\)\n", r.Stdout);
            var notes = _scene.HistoryOf("catalog").GetProperty("newest").GetProperty("notes").EnumerateArray().Select(n => n.GetString());
            Assert.Contains(notes, n => n!.StartsWith($"table {database}.legacy is gone", StringComparison.Ordinal));
        }
        finally
        {
            await shared.Server.ExecuteAsync($"DROP DATABASE IF EXISTS {database}");
        }
    }

    [Fact]
    public async Task A_real_mydumper_backup_restores_with_myloader()
    {
        _scene.Configure(("shop", SetKind.Mydumper,
            r => r.Item("checks", c => c.Set("sql", "SELECT COUNT(*) FROM shop.orders").Set("min", 5000).Set("max", 5000))));
        await MydumperAsync("shop", "2026-11-30");

        var r = await _scene.DrillAsync("shop", "nagios");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches(@"^DRILL OK - shop: 2 tables, 7000 rows restored \| 'fetch'=[\d.]+s;;;0 'restore'=[\d.]+s;;;0 'verify'=[\d.]+s;;;0 "
            + @"'total'=[\d.]+s;;;0 'tables'=2;;;0 'rows'=7000;;;0\n$", r.Stdout);
        Assert.Empty(_scene.LeftInScratch());
    }

    [Fact]
    public async Task A_data_file_cut_mid_insert_fails_although_myloader_exits_0()
    {
        _scene.Configure(("shop", SetKind.Mydumper, null));
        var dump = await MydumperAsync("shop", "2026-11-30");
        var data = Path.Combine(dump, "shop.orders.sql.gz");
        Assert.True(File.Exists(data), "mydumper 0.10 names its data files db.table.sql.gz");
        // Decompress, cut in the middle of the INSERT, compress again: a whole gzip stream of an unfinished statement.
        var sql = await ProcessRunner.CheckedAsync("bash", "-c", $"gzip -dc {ProcessRunner.Quote(data)}");
        Assert.True(sql.Length > 20000 && sql.TrimEnd().EndsWith(';'), "the data file is one long INSERT");
        File.WriteAllText(data + ".cut", sql[..20000]);
        await ProcessRunner.CheckedAsync("gzip", "-f", data + ".cut");
        File.Move(data + ".cut.gz", data, overwrite: true);

        var r = await _scene.DrillAsync("shop");

        Assert.True(r.ExitCode == 2, r.Stdout + r.Stderr);
        Assert.Contains("shop.orders.sql.gz: the data file ends inside a statement (cut off); myloader loads nothing from it and "
            + "still exits 0", r.Stdout);
        Assert.Empty(_scene.ProcessesInScratch());
    }
}
