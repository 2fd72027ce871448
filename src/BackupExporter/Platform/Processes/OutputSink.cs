namespace BackupExporter.Platform.Processes;

/// <summary>What happens to one of a program's output streams.</summary>
internal sealed class OutputSink
{
    private OutputSink(OutputKind kind, Action<string>? line, OutputBytes? bytes)
    {
        Kind = kind;
        Line = line;
        Bytes = bytes;
    }

    public OutputKind Kind { get; }

    public Action<string>? Line { get; }

    public OutputBytes? Bytes { get; }

    /// <summary>Read line by line: each line goes to <paramref name="each"/>, the last ones to the result's tail.</summary>
    public static OutputSink Lines(Action<string>? each = null) => new(OutputKind.Lines, each, null);

    /// <summary>Read in chunks as they arrive, unchanged (a log that keeps the program's own bytes).</summary>
    public static OutputSink Chunks(OutputBytes each) => new(OutputKind.Chunks, null, each);

    /// <summary>Left to the caller, who reads <see cref="RunningProcess.Output"/> (a pipe into another program, a
    /// listing parsed as it arrives).</summary>
    public static readonly OutputSink Stream = new(OutputKind.Stream, null, null);

    /// <summary>The exporter's own stream (the run wrapper's command writes to the wrapper's stdout).</summary>
    public static readonly OutputSink Inherit = new(OutputKind.Inherit, null, null);
}

internal delegate void OutputBytes(ReadOnlySpan<byte> chunk);

internal enum OutputKind
{
    Lines,
    Chunks,
    Stream,
    Inherit,
}
