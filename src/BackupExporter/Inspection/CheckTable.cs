using System.Collections;
using System.Diagnostics.CodeAnalysis;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection;

/// <summary>
/// The checks of one artifact: an immutable table with at most one result per check name. Check names are a closed
/// set (<see cref="CheckNames.All"/>), so a table is the results in the order they were added and the names' indexes
/// packed into one integer: about 80 bytes for three checks, where a dictionary took 220. Enumerates in the order
/// the checks were added, which decides the first failure a summary names.
/// </summary>
internal sealed class CheckTable : IReadOnlyDictionary<string, CheckResult>
{
    private const int BitsPerName = 3;

    public static readonly CheckTable Empty = new([], 0);

    private readonly CheckResult[] _results;

    // Entry i's name is CheckNames.All[(_names >> (i * BitsPerName)) & 7].
    private readonly int _names;

    private CheckTable(CheckResult[] results, int names)
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
        var index = IndexOf(name);
        for (var i = 0; i < _results.Length; i++)
        {
            if (NameIndex(i) != index)
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
        return new CheckTable(added, _names | (index << (_results.Length * BitsPerName)));
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
            if (string.Equals(CheckNames.All[NameIndex(i)], key, StringComparison.Ordinal))
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
                return new(CheckNames.All[NameIndex(i)], _results[i]);
        }
        return null;
    }

    public IEnumerator<KeyValuePair<string, CheckResult>> GetEnumerator()
    {
        for (var i = 0; i < _results.Length; i++)
            yield return new(CheckNames.All[NameIndex(i)], _results[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int NameIndex(int entry) => (_names >> (entry * BitsPerName)) & ((1 << BitsPerName) - 1);

    private static int IndexOf(string name)
    {
        for (var i = 0; i < CheckNames.All.Count; i++)
        {
            if (string.Equals(CheckNames.All[i], name, StringComparison.Ordinal))
                return i;
        }
        throw new ArgumentException($"unknown check {name}; the checks are {string.Join(", ", CheckNames.All)}", nameof(name));
    }
}
