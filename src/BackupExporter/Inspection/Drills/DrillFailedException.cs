namespace BackupExporter.Inspection.Drills;

/// <summary>A drill phase failed; the message says what and where, with no secret in it.</summary>
internal sealed class DrillFailedException(string phase, string message) : Exception(message)
{
    public string Phase { get; } = phase;
}
