namespace BackupExporter.Inspection.Logs;

/// <summary>Counts a server error log's lines by class, for as long as the exporter follows it.</summary>
internal sealed class ErrorLogCounter : ILogLineSink
{
    private const int RecentLines = 5;
    private const int MaxLineChars = 500;
    private readonly ErrorClassifier _classifier = ErrorClassifier.For(LogKind.MysqlError);
    private readonly Dictionary<ErrorClass, long> _lines = ErrorClasses.All.ToDictionary(c => c, _ => 0L);
    private readonly Queue<string> _unrecognised = new();

    public IReadOnlyDictionary<ErrorClass, long> Lines => new Dictionary<ErrorClass, long>(_lines);

    public IReadOnlyList<string> RecentUnrecognised => _unrecognised.ToList();

    public void OnLine(ReadOnlySpan<char> line, in LogLineInfo info)
    {
        if (_classifier.Classify(line) is not { } errorClass)
            return;
        _lines[errorClass]++;
        if (errorClass != ErrorClass.Other)
            return;
        _unrecognised.Enqueue(line.Length > MaxLineChars ? line[..MaxLineChars].ToString() : line.ToString());
        if (_unrecognised.Count > RecentLines)
            _unrecognised.Dequeue();
    }
}
