namespace BackupExporter.Inspection.Logs;

/// <summary>What happened to a log file since the previous read; several may happen between two reads.</summary>
[Flags]
internal enum LogFileEvents
{
    None = 0,

    /// <summary>The file was opened (first read, or it appeared after being missing).</summary>
    Opened = 1,

    /// <summary>The path now names another file (rotation by rename, or deleted and recreated); the old one was finished.</summary>
    Replaced = 2,

    /// <summary>The file shrank or was rewritten in place (copy-truncate); reading restarted at its start.</summary>
    Truncated = 4,

    /// <summary>The path does not exist (yet, or any more).</summary>
    Missing = 8,

    /// <summary>
    /// Replaced while nobody followed it (exporter restart) and the old file was found under a rotated name and finished.
    /// </summary>
    FinishedRotatedFile = 16,

    /// <summary>Replaced while nobody followed it and the old file was not found: its lines after the saved offset are lost.</summary>
    LostRotatedFile = 32,
}

/// <summary>
/// The outcome of one <see cref="LogFollower.Read"/>. A problem (unreadable file, not a regular file) is reported
/// here, never thrown; lines delivered before it stay delivered.
/// </summary>
internal sealed record LogReadResult(long BytesRead, long Lines, LogFileEvents Events, string? Problem)
{
    public bool Missing => (Events & LogFileEvents.Missing) != 0;
}
