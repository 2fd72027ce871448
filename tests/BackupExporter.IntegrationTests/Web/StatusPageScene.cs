using BackupExporter.Inspection.Drills;
using BackupExporter.Platform;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// Fifty backup sets of real dumps for the status page: most good, five critical (cut off, checksum mismatch,
/// overdue, no artifact, a truncated one, one whose newest restore drill failed), two with error lines in their job
/// log, one with a history of good restore drills, and file and directory names that would be markup if they were not
/// escaped. The drill histories are written as the drill command writes them, into the state directory of the scene's
/// exporter (<see cref="StateDirectory"/>).
/// </summary>
internal static class StatusPageScene
{
    public const int Sets = 50;
    public static readonly string[] Critical = ["set-07", "set-11", "set-15", "set-23", "set-41", "set-49"];

    /// <summary>The set whose newest drill failed, and the error it failed with (markup, to be shown as text).</summary>
    public const string FailedDrill = "set-11";
    public const string DrillError = "ERROR 1054 (42S22) at line 3074: Unknown column '<marquee>total</marquee>' in 'field list'";

    /// <summary>The set with good drills: the newest took 5 min 57 s.</summary>
    public const string GoodDrill = "set-03";

    public static string StateDirectory(string root) => Path.Combine(root, "state");
    public static readonly string[] Warning = ["set-30", "set-44"];

    /// <summary>The name of the artifact of set-48: an image tag that would run a script if it reached the page as markup.</summary>
    public const string MarkupArtifact = "<img src=x onerror=alert(1)>.sql.gz";
    public const string MarkupDirectory = "evil-<script>alert(2)<";

    /// <summary>Writes the sets under <paramref name="root"/> from one real dump, and the configuration; returns its path.</summary>
    public static async Task<string> WriteAsync(MariaDbServer server, string root)
    {
        // Two real dumps taken (under faketime) when the copies say: a dump is dated by its footer, not its file.
        var now = DateTimeOffset.UtcNow;
        var olderTemplate = await DumpMaker.DumpAsync(server, Path.Combine(root, "template-older.sql.gz"), modified: now.AddHours(-25));
        var template = await DumpMaker.DumpAsync(server, Path.Combine(root, "template.sql.gz"), modified: now.AddHours(-3));
        var config = new ConfigBuilder().Global(g => g.Interval("1h").Timeout("60s").SettleTime("0s")
            .RunbookUrl("https://runbooks.example.com/backup-exporter/runbooks.md").StateFile(Path.Combine(root, "offsets.json")));
        for (var i = 0; i < Sets; i++)
        {
            var name = $"set-{i:00}";
            var dir = Directory.CreateDirectory(Path.Combine(root, i == 48 ? MarkupDirectory : name)).FullName;
            Action<BackupEntry>? extra = null;
            var newest = Path.Combine(dir, i == 48 ? MarkupArtifact : "shop-2026-11-30.sql.gz");
            var older = Path.Combine(dir, "shop-2026-11-29.sql.gz");
            Copy(olderTemplate, older, now.AddHours(-25));
            Copy(template, newest, now.AddHours(-3));
            switch (name)
            {
                case "set-07" or "set-23":
                    Damage.TruncateFraction(newest, 0.5);
                    DumpMaker.WriteSidecar(newest);
                    break;
                case "set-41":
                    Damage.WriteWrongSidecar(newest);
                    break;
                case "set-15":
                    File.Delete(newest);
                    File.Delete(newest + ".sha256");
                    await DumpMaker.RedateAsync(older, now.AddDays(-3));
                    extra = b => b.Schedule("0 2 * * *", grace: "1h");
                    break;
                case "set-49":
                    extra = b => b.Pattern("<script>*.sql.gz");
                    break;
                case "set-30" or "set-44":
                    var log = Path.Combine(root, name + ".log");
                    await File.WriteAllTextAsync(log, "mariadb-dump: Got errno 28 on write\n");
                    extra = b => b.Log(log);
                    break;
            }
            config.Backup(name, SetKind.Mysqldump, dir, extra);
        }
        var drills = new DrillHistoryStore(Path.Combine(StateDirectory(root), "drills"), StateAccess.OwnerOnly);
        Assert.Null(drills.Record(Drill(GoodDrill, DrillVerdict.Failed, now.AddDays(-2), null)));
        Assert.Null(drills.Record(Drill(GoodDrill, DrillVerdict.Ok, now.AddDays(-1), null)));
        Assert.Null(drills.Record(Drill(GoodDrill, DrillVerdict.Ok, now.AddHours(-2), null)));
        Assert.Null(drills.Record(Drill(FailedDrill, DrillVerdict.Ok, now.AddDays(-1), null)));
        Assert.Null(drills.Record(Drill(FailedDrill, DrillVerdict.Failed, now.AddHours(-2), DrillError)));
        return await config.WriteToAsync(Path.Combine(root, "exporter.yml"));
    }

    private static DrillRecord Drill(string backup, DrillVerdict verdict, DateTimeOffset started, string? error)
    {
        var ok = verdict == DrillVerdict.Ok;
        var phases = ok
            ? new Dictionary<string, double> { [DrillPhases.Fetch] = 12, [DrillPhases.Restore] = 300, [DrillPhases.Verify] = 45,
                [DrillPhases.Total] = 357 }
            : new Dictionary<string, double> { [DrillPhases.Fetch] = 12, [DrillPhases.Restore] = 80, [DrillPhases.Total] = 92 };
        return new DrillRecord(backup, "mysqldump", verdict, error, ok ? null : DrillPhases.Restore,
            $"/backups/{backup}/shop-2026-11-30.sql.gz",
            started.AddHours(-1), started, started.AddSeconds(phases[DrillPhases.Total]), phases, ok ? 73_400_320 : 0,
            ok ? [new DrillSchemaCount("shop", 3, 125_000)] : [], []);
    }

    private static void Copy(string template, string path, DateTimeOffset modified)
    {
        File.Copy(template, path);
        DumpMaker.WriteSidecar(path);
        Damage.SetModified(path, modified);
    }
}
