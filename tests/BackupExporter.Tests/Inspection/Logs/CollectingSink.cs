using BackupExporter.Inspection.Logs;

namespace BackupExporter.Tests.Inspection.Logs;

/// <summary>Keeps every line a follower delivers, with its offset and whether it was cut.</summary>
internal sealed class CollectingSink : ILogLineSink
{
    public List<(string Text, long Offset, bool Truncated)> Lines { get; } = [];

    public List<string> Texts => Lines.Select(l => l.Text).ToList();

    public void OnLine(ReadOnlySpan<char> line, in LogLineInfo info) => Lines.Add((line.ToString(), info.Offset, info.Truncated));

    /// <summary>The lines of one read, then forgets them.</summary>
    public List<string> Take()
    {
        var texts = Texts;
        Lines.Clear();
        return texts;
    }
}
