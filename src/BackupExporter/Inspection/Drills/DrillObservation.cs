
namespace BackupExporter.Inspection.Drills;

/// <summary>
/// A set's restore drill history as the exporter last read it (<see cref="DrillHistoryStore"/>). <see cref="History"/>
/// is empty while no drill has run; <see cref="Problem"/> says why the file could not be read (the last good history is
/// kept beside it, so a file being fixed does not make the drill vanish).
/// </summary>
internal sealed record DrillObservation(string Name, string Path, DrillHistory History, string? Problem) : IObservation
{
    public DrillRecord? Newest => History.Newest;
}
