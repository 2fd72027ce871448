using System.Collections;
using System.Diagnostics.CodeAnalysis;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection;

/// <summary>
/// The checks of one artifact: an immutable table with at most one result per check name. Check names are a closed
/// set (<see cref="CheckNames.All"/>), so a table is the results in the order they were added and their names as
/// <see cref="PackedCheckNames"/>: about 80 bytes for three checks, where a dictionary took 220. Enumerates in the order
/// the checks were added, which decides the first failure a summary names.
/// </summary>
internal sealed class CheckTable : IReadOnlyDictionary<string, CheckResult>
{
    public static readonly CheckTable Empty = new([], default);

    private readonly CheckResult[] _results;

    // Entry i's name is _names.NameOf(i).
    private readonly PackedCheckNames _names;

    private CheckTable(CheckResult[] results, PackedCheckNames names)
    {
        _results = results;
        _names = names;
    }

    /// <summary>The same checks as <paramref name="checks"/>, in their order; a table is returned as it is.</summary>
    /// <exception cref="ArgumentException">a name is not one of <see cref="CheckNames.All"/></exception>
    public static CheckTable From(IEnumerable<KeyValuePair<string, CheckResult>> checks)
    {
        if (checks is CheckTable table)
            return table;
        var result = Empty;
        foreach (var (name, check) in checks)
            result = result.With(name, check);
        return result;
    }

    public static CheckTable Of(string name, CheckResult result) => Empty.With(name, result);

    /// <summary>This table with <paramref name="name"/> set: replaced where it was, else added last.</summary>
    public CheckTable With(string name, CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var index = PackedCheckNames.IndexOfName(name);
        for (var i = 0; i < _results.Length; i++)
        {
            if (_names.IndexOf(i) != index)
                continue;
            if (ReferenceEquals(_results[i], result))
                return this;
            var replaced = (CheckResult[])_results.Clone();
            replaced[i] = result;
            return new CheckTable(replaced, _names);
        }
        var added = new CheckResult[_results.Length + 1];
        _results.CopyTo(added, 0);
        added[^1] = result;
        return new CheckTable(added, _names.With(_results.Length, index));
    }

    public int Count => _results.Length;

    public CheckResult this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no check {key}");

    public IEnumerable<string> Keys => this.Select(c => c.Key);

    public IEnumerable<CheckResult> Values => _results;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out CheckResult value)
    {
        for (var i = 0; i < _results.Length; i++)
        {
            if (string.Equals(_names.NameOf(i), key, StringComparison.Ordinal))
            {
                value = _results[i];
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>The first failed check in the table's order, for one-line summaries; without allocating.</summary>
    public KeyValuePair<string, CheckResult>? FirstFailure()
    {
        for (var i = 0; i < _results.Length; i++)
        {
            if (!_results[i].Ok)
                return new(_names.NameOf(i), _results[i]);
        }
        return null;
    }

    public IEnumerator<KeyValuePair<string, CheckResult>> GetEnumerator()
    {
        for (var i = 0; i < _results.Length; i++)
            yield return new(_names.NameOf(i), _results[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
