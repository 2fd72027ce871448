namespace BackupExporter.Configuration;

/// <summary>Collects every problem of one file so that a single pass reports them all.</summary>
internal sealed class ErrorCollector(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    public int Count => _errors.Count;

    public void Add(int line, int column, string message) => _errors.Add(new ConfigError(file, line, column, message));

    public void Add(TreeNode at, string message) => Add(at.Line, at.Column, message);

    /// <summary>Something that still works but should change (a deprecated key): said, never a reason to refuse the file.</summary>
    public void Warn(TreeNode at, string message) => _warnings.Add(new ConfigError(file, at.Line, at.Column, message));

    public IReadOnlyList<ConfigError> Warnings => _warnings.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();

    /// <summary>In file order (stable for errors at the same place), which is how people fix them.</summary>
    public IReadOnlyList<ConfigError> ToSortedList() =>
        _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
}
