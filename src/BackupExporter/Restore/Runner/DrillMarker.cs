using System.Text;
using System.Text.Json;
using BackupExporter.Inspection.Drills;
using BackupExporter.Platform;

namespace BackupExporter.Restore.Runner;

/// <summary>
/// The record a drill leaves in its sandbox directory while it runs, rewritten at each phase: what its history should
/// say if the process dies now (failed, interrupted, in this phase, with the phases' times so far). A drill that ends
/// removes it with its sandbox; the next drill finds it in a stale sandbox and records it, unless an outcome was
/// recorded since (the exporter records a scheduled child that died). The history directory is kept beside it, since a
/// drill run by hand may use another one than the drill that finds it.
/// </summary>
internal static class DrillMarker
{
    private const string RecordFile = "drill.json";
    private const string HistoryFile = "drill-history";

    /// <summary>Writes the marker; a marker that cannot be written costs only the record of an interruption.</summary>
    public static void Write(string sandbox, DrillRecord record, string historyDirectory)
    {
        AtomicFile.Write(Path.Combine(sandbox, HistoryFile), Encoding.UTF8.GetBytes(historyDirectory));
        AtomicFile.Write(Path.Combine(sandbox, RecordFile),
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, DrillOutputJsonContext.Default.DrillRecord)));
    }

    /// <returns>the interrupted drill's record and its history directory; null when the sandbox has no readable marker</returns>
    public static (DrillRecord Record, string HistoryDirectory)? Read(string sandbox)
    {
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(sandbox, RecordFile)),
                DrillOutputJsonContext.Default.DrillRecord);
            var history = File.ReadAllText(Path.Combine(sandbox, HistoryFile)).Trim();
            return record is null || history.Length == 0 ? null : (record, history);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the marker once the interruption is recorded: the sandbox itself is cleaned separately.</summary>
    public static void Delete(string sandbox)
    {
        File.Delete(Path.Combine(sandbox, RecordFile));
        File.Delete(Path.Combine(sandbox, HistoryFile));
    }
}
