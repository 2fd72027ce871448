namespace BackupExporter.Configuration;

/// <summary>Collects every problem of one file so that a single pass reports them all.</summary>
internal sealed class ErrorCollector(string file)
{
    private readonly List<ConfigError> _errors = [];

    public int Count => _errors.Count;

    public void Add(int line, int column, string message) => _errors.Add(new ConfigError(file, line, column, message));

    public void Add(TreeNode at, string message) => Add(at.Line, at.Column, message);

    /// <summary>In file order (stable for errors at the same place), which is how people fix them.</summary>
    public IReadOnlyList<ConfigError> ToSortedList() =>
        _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
}
