using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Logs;

/// <summary>
/// <c>backup-exporter run</c>, the real executable, for a set whose backups are rows of a history table: the job's
/// result is recorded, and no artifact is looked for on disk (such a set has no path).
/// </summary>
public sealed class RunHistoryKindTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("backup-exporter-run-history-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(SetKind.Meb)]
    [InlineData(SetKind.XtrabackupHistory)]
    public async Task A_history_row_set_without_a_path_runs_and_records_no_artifact(SetKind kind)
    {
        var config = ConfigBuilder.Fast()
            .Server("db", s => s.Socket(Path.Combine(_root, "no-server.sock")))
            .Backup("nightly", kind, path: null, b => b.Server("db"))
            .WriteTo(Path.Combine(_root, "config.yml"));
        var status = Path.Combine(_root, "run", "nightly.json");

        var r = await ExporterProcess.RunCliAsync("run", "--config.file=" + config, "--backup=nightly", "--status-file="
            + status, "--", "true");

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        var s = JsonDocument.Parse(await File.ReadAllTextAsync(status)).RootElement;
        Assert.Equal("succeeded", s.GetProperty("outcome").GetString());
        Assert.True(!s.TryGetProperty("artifact", out var artifact) || artifact.ValueKind == JsonValueKind.Null, s.ToString());
        Assert.Empty(s.GetProperty("problems").EnumerateArray());
    }
}
