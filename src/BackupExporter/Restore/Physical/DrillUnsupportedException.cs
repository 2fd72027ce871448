using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// This host cannot restore the artifact (its tool is not installed, or it needs a step the drill does not take):
/// the drill is <see cref="DrillVerdict.Unsupported"/>, neither proof nor failure. The message says what is missing.
/// </summary>
internal sealed class DrillUnsupportedException(string message) : Exception(message);
