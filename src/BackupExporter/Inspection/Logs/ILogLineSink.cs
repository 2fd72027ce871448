namespace BackupExporter.Inspection.Logs;

/// <summary>Receives the complete lines of a log, in order, each once. The span is only valid during the call.</summary>
internal interface ILogLineSink
{
    void OnLine(ReadOnlySpan<char> line, in LogLineInfo info);
}

/// <param name="Offset">byte offset of the line's first byte in its file</param>
/// <param name="Truncated">the line was longer than the cap; this is its start</param>
internal readonly record struct LogLineInfo(long Offset, bool Truncated);
