using System.Text;
using System.Text.Json;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Drills;

/// <summary>
/// Reads and writes each set's <see cref="DrillHistory"/> under <c>&lt;state dir&gt;/drills/</c>, one file per set,
/// replaced atomically so that the exporter reading it while a drill finishes sees one whole version.
/// </summary>
internal sealed class DrillHistoryStore(string directory, StateAccess access)
{
    public string Directory { get; } = directory;

    public static string DefaultDirectory() => Path.Combine(StateDirectory.Default(), "drills");

    public string PathOf(string backup) => Path.Combine(Directory, backup + ".json");

    /// <returns>the history (empty when there is none yet), or an error saying which file could not be read and why</returns>
    public (DrillHistory History, string? Error) Load(string backup)
    {
        var path = PathOf(backup);
        try
        {
            if (!File.Exists(path))
                return (DrillHistory.Empty, null);
            var history = DrillHistory.Parse(File.ReadAllText(path));
            if (history is null)
                return (DrillHistory.Empty, $"{path}: empty drill history");
            // Another version (or a file cut short by hand) is not built on: the next drill starts a new history.
            return history.Version != DrillHistory.CurrentVersion || history.Recent is null
                ? (DrillHistory.Empty, $"{path}: not a version {DrillHistory.CurrentVersion} drill history")
                : (history, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (DrillHistory.Empty, $"{path}: cannot read the drill history: {e.Message}");
        }
    }

    /// <summary>Adds one drill to the set's history.</summary>
    /// <returns>null when written, else why not</returns>
    public string? Record(DrillRecord drill)
    {
        var (history, _) = Load(drill.Backup);
        return AtomicFile.Write(PathOf(drill.Backup), Encoding.UTF8.GetBytes(history.With(drill).ToJson()), access);
    }
}
