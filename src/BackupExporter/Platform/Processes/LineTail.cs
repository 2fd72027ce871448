namespace BackupExporter.Platform.Processes;

/// <summary>The last non-blank lines of a stream, bounded, so that a chatty program cannot fill memory.</summary>
internal sealed class LineTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
                return [.. _lines];
        }
    }

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || capacity <= 0)
            return;
        lock (_lock)
        {
            if (_lines.Count == capacity)
                _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }
}
