using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore;

/// <summary>A drill failed in <see cref="Phase"/> (one of <see cref="DrillPhases"/>) for the reason in the message.</summary>
internal sealed class DrillFailedException(string phase, string message) : Exception(message)
{
    public string Phase { get; } = phase;
}
