using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Web;

/// <summary>
/// Fifty backup sets of real dumps for the status page: most good, five critical (cut off, checksum mismatch,
/// overdue, no artifact, a truncated one), two with error lines in their job log, and file and directory names that
/// would be markup if they were not escaped.
/// </summary>
internal static class StatusPageScene
{
    public const int Sets = 50;
    public static readonly string[] Critical = ["set-07", "set-15", "set-23", "set-41", "set-49"];
    public static readonly string[] Warning = ["set-30", "set-44"];

    /// <summary>The name of the artifact of set-48: an image tag that would run a script if it reached the page as markup.</summary>
    public const string MarkupArtifact = "<img src=x onerror=alert(1)>.sql.gz";
    public const string MarkupDirectory = "evil-<script>alert(2)<";

    /// <summary>Writes the sets under <paramref name="root"/> from one real dump, and the configuration; returns its path.</summary>
    public static async Task<string> WriteAsync(MariaDbServer server, string root)
    {
        var template = await DumpMaker.DumpAsync(server, Path.Combine(root, "template.sql.gz"));
        var now = DateTimeOffset.UtcNow;
        var config = new ConfigBuilder().Global(g => g.Interval("1h").Timeout("60s").SettleTime("0s")
            .RunbookUrl("https://runbooks.example.com/backup-exporter/runbooks.md").StateFile(Path.Combine(root, "offsets.json")));
        for (var i = 0; i < Sets; i++)
        {
            var name = $"set-{i:00}";
            var dir = Directory.CreateDirectory(Path.Combine(root, i == 48 ? MarkupDirectory : name)).FullName;
            Action<BackupEntry>? extra = null;
            var newest = Path.Combine(dir, i == 48 ? MarkupArtifact : "shop-2026-11-30.sql.gz");
            var older = Path.Combine(dir, "shop-2026-11-29.sql.gz");
            Copy(template, older, now.AddHours(-25));
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
                    Damage.SetModified(older, now.AddDays(-3));
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
        return await config.WriteToAsync(Path.Combine(root, "exporter.yml"));
    }

    private static void Copy(string template, string path, DateTimeOffset modified)
    {
        File.Copy(template, path);
        DumpMaker.WriteSidecar(path);
        Damage.SetModified(path, modified);
    }
}
