using System.Diagnostics;
using System.Globalization;
using BackupExporter.Configuration;
using BackupExporter.Restore.Physical;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Binlog;

/// <param name="Set">the backup set (its kind tells how the artifact records its binlog coordinates)</param>
/// <param name="ArtifactPath">the artifact the sandbox was restored from</param>
/// <param name="BinlogDirectory">the <c>binlog_directory</c> of the set's server</param>
/// <param name="SandboxSocket">the socket of the sandbox server holding the restored data</param>
/// <param name="Span">how much time after the artifact to replay (<c>restore_test.replay_binlogs</c>)</param>
/// <param name="SandboxUser">the account the client logs in as over the socket (socket authentication)</param>
internal sealed record BinlogReplayRequest(
    BackupSetConfig Set,
    string ArtifactPath,
    string BinlogDirectory,
    string SandboxSocket,
    TimeSpan Span,
    string SandboxUser = "root");

/// <param name="Start">where the replay began: the artifact's coordinates</param>
/// <param name="StopAt">the artifact's time plus the span: no event after it was replayed</param>
/// <param name="Files">the binlog files read</param>
/// <param name="Events">events replayed</param>
/// <param name="Transactions">transactions replayed</param>
/// <param name="ReachedTime">the time of the newest event replayed: the point in time proven restorable; null: none</param>
/// <param name="Duration">the replay's time, reading and applying</param>
/// <param name="Bytes">the binlog bytes of the events replayed: what the restore time fit counts per byte</param>
internal sealed record BinlogReplayResult(
    BinlogStart Start,
    DateTimeOffset StopAt,
    IReadOnlyList<string> Files,
    long Events,
    long Transactions,
    DateTimeOffset? ReachedTime,
    TimeSpan Duration,
    long Bytes);

/// <summary>
/// Replays a server's retained binlogs onto a restored sandbox, proving the point-in-time window instead of
/// inferring it: <c>mariadb-binlog --start-position=P --stop-datetime=T FILES… | mariadb --socket=S</c>, from the
/// artifact's coordinates for the set's <c>restore_test.replay_binlogs</c> span. The drill calls
/// <see cref="RunAsync"/> after the restore (the sandbox server is up on the restored data) and before verify, so
/// the checks and counts see the replayed rows. A failure throws <see cref="DrillFailedException"/> in the
/// <c>restore</c> phase with the tool's line: a start inside an event (<c>Could not read entry at offset</c>), a
/// transaction already in the data (<c>ERROR 1062</c>), a binlog file missing from the span. Cancelling kills both
/// programs.
/// </summary>
internal static class BinlogReplay
{
    // mariadb-binlog reads --stop-datetime and prints event times in its process's time zone: UTC, so that neither
    // depends on the host's.
    private static readonly Dictionary<string, string?> Utc = new(StringComparer.Ordinal) { ["TZ"] = "UTC" };

    public static async Task<BinlogReplayResult> RunAsync(BinlogReplayRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var start = BinlogStart.Read(request.Set, request.ArtifactPath, cancellationToken);
        var stopAt = start.TakenAt + request.Span;
        var files = BinlogSpan.Files(request.BinlogDirectory, Path.GetFileName(start.File), stopAt);

        var binlogTool = Executables.Find("mariadb-binlog", "mysqlbinlog")
            ?? throw new DrillUnsupportedException("mariadb-binlog is not installed (Debian package mariadb-client): "
                + "it is needed to replay binlogs");
        var client = Executables.Find("mariadb", "mysql")
            ?? throw new DrillUnsupportedException("the mariadb client is not installed (Debian package mariadb-client)");
        var reader = new ToolCommand(binlogTool,
        [
            "--no-defaults",
            $"--start-position={start.Position.ToString(CultureInfo.InvariantCulture)}",
            $"--stop-datetime={stopAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}",
            .. files,
        ]) { Environment = Utc };
        // --no-defaults first: the host's client options (a production host, a password) must not reach the sandbox.
        // --binary-mode: statements with NUL bytes (binary columns) pass as they are, as mysqlbinlog's manual advises.
        var writer = new ToolCommand(client,
            ["--no-defaults", $"--socket={request.SandboxSocket}", $"--user={request.SandboxUser}", "--batch", "--binary-mode"]);

        var progress = new BinlogProgress();
        var (read, write) = await ToolRunner.PipeAsync(reader, writer, progress.Observe, cancellationToken);
        var at = $"{start.File}:{start.Position.ToString(CultureInfo.InvariantCulture)}";
        var got = $"after reading {progress.Events} event{(progress.Events == 1 ? "" : "s")}" + (progress.ReachedTime is { } t
            ? $" (reaching {t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)" : "");
        if (!write.Ok)
            throw new DrillFailedException(DrillPhases.Restore, $"binlog replay from {at} failed {got}: {write.Describe()}");
        if (read is { Ok: false })
            throw new DrillFailedException(DrillPhases.Restore, $"binlog replay from {at} failed {got}: {read.Describe()}");
        return new BinlogReplayResult(start, stopAt, files, progress.Events, progress.Transactions, progress.ReachedTime, clock.Elapsed,
            progress.Bytes);
    }
}
