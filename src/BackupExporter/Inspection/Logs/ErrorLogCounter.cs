using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>Counts a server error log's lines by class, for as long as the exporter follows it.</summary>
internal sealed class ErrorLogCounter : ILogLineSink
{
    private readonly ErrorClassifier _classifier = ErrorClassifier.For(LogKind.MysqlError);
    private readonly Dictionary<ErrorClass, long> _lines = ErrorClasses.All.ToDictionary(c => c, _ => 0L);
    private readonly RecentLines _unrecognised = new(5);

    public IReadOnlyDictionary<ErrorClass, long> Lines => new Dictionary<ErrorClass, long>(_lines);

    public IReadOnlyList<string> RecentUnrecognised => _unrecognised.ToList();

    public void OnLine(ReadOnlySpan<char> line, in LogLineInfo info)
    {
        if (_classifier.Classify(line) is not { } errorClass)
            return;
        _lines[errorClass]++;
        if (errorClass != ErrorClass.Other)
            return;
        _unrecognised.Add(RecentLines.Cut(line));
    }
}
