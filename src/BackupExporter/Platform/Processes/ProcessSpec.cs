namespace BackupExporter.Platform.Processes;

/// <summary>
/// How to start one program and what to do with its streams and its lifetime. Never through a shell: the arguments
/// are passed as they are, so no quoting and no secret in a command line.
/// </summary>
internal sealed record ProcessSpec(string File, IReadOnlyList<string> Arguments)
{
    private static readonly Dictionary<string, string?> NoChange = [];

    /// <summary>Variables set on top of the exporter's own environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = NoChange;

    public string? WorkingDirectory { get; init; }

    public ProcessInput Input { get; init; } = ProcessInput.Closed;

    public OutputSink Output { get; init; } = OutputSink.Lines();

    public OutputSink Error { get; init; } = OutputSink.Lines();

    /// <summary>How many of the last non-blank lines of each stream read as lines the result keeps.</summary>
    public int TailLines { get; init; } = 20;

    /// <summary>After this the whole tree is stopped and the result says it timed out; null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The clock the timeout runs on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Zero: the tree is stopped with SIGKILL at once (a restore tool has nothing to save). Otherwise SIGTERM first and
    /// SIGKILL to what is left after this long (the run wrapper lets a backup script clean up, as coreutils' timeout).
    /// </summary>
    public TimeSpan KillGrace { get; init; }

    /// <summary>
    /// How long the output may stay open after the program ended (a background child still holds the pipe): then
    /// reading stops and later output is dropped, so that a straggler never holds up its parent's result.
    /// </summary>
    public TimeSpan DrainAfterExit { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>Where a program's stdin comes from.</summary>
internal enum ProcessInput
{
    /// <summary>An empty pipe: a tool never waits on the exporter's own stdin.</summary>
    Closed,

    /// <summary>A pipe the caller writes to (<see cref="RunningProcess.Input"/>) and closes.</summary>
    Pipe,

    /// <summary>The exporter's own stdin (the run wrapper's command).</summary>
    Inherit,
}
