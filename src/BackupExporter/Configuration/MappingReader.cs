namespace BackupExporter.Configuration;

/// <summary>
/// Reads the keys of one YAML mapping (the top level, <c>global</c>, one server, one backup set) with typed
/// accessors. Unknown, duplicate and malformed keys are reported up front; each accessor reports a wrong type or
/// value and returns a fallback, so that reading goes on and every mistake is found in one pass.
/// Messages start with the context (<c>backups[1] "nightly": grace: ...</c>).
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, MappingEntry> _entries = new(StringComparer.Ordinal);
    private readonly string? _context;
    private readonly ErrorCollector _errors;

    /// <param name="context">e.g. <c>backups[1] "nightly"</c>; null for the top level.</param>
    public MappingReader(MappingNode node, string? context, IReadOnlyList<string> knownKeys, ErrorCollector errors)
    {
        Node = node;
        _context = context;
        _errors = errors;
        var where = context is null ? "at top level" : $"in {context}";
        foreach (var entry in node.Entries)
        {
            if (entry.Key is BrokenNode) continue;
            if (entry.Key is not ScalarNode { IsNull: false } key)
            {
                errors.Add(entry.Key, $"a key must be a word, not {entry.Key.Describe()} ({where})");
                continue;
            }
            if (key.Value == "<<")
            {
                errors.Add(key, $"merge keys (<<) are not supported {where}; write the keys out");
                continue;
            }
            if (!knownKeys.Contains(key.Value))
            {
                var hint = DidYouMean.Hint(key.Value, knownKeys);
                errors.Add(key, hint.Length > 0
                    ? $"unknown key \"{key.Value}\" {where}{hint}"
                    : $"unknown key \"{key.Value}\" {where} (known keys: {string.Join(", ", knownKeys)})");
                continue;
            }
            if (_entries.TryGetValue(key.Value, out var first))
            {
                errors.Add(key, $"duplicate key \"{key.Value}\" {where} (first set at line {first.Key.Line})");
                continue;
            }
            _entries[key.Value] = entry;
        }
    }

    public MappingNode Node { get; }

    private string Prefix => _context is null ? "" : _context + ": ";

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The value of a key as written, without any check.</summary>
    public TreeNode? Value(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>The key itself, to point at when the problem is the key's presence rather than its value.</summary>
    public TreeNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>Reports <c>{context}: {message}</c> at <paramref name="at"/>.</summary>
    public void Error(TreeNode at, string message) => _errors.Add(at, Prefix + message);

    /// <summary>Reports <c>{context}: {key}: {problem}</c> at <paramref name="at"/>.</summary>
    public void Error(TreeNode at, string key, string problem) => _errors.Add(at, $"{Prefix}{key}: {problem}");

    /// <summary>Reports a missing required key at the start of the mapping.</summary>
    public void Missing(string key, string hint) => _errors.Add(Node, $"{Prefix}missing required key \"{key}\" ({hint})");

    /// <summary>
    /// The value of a key that holds a mapping; null when absent or empty (<c>global:</c>), or reported when not a mapping.
    /// </summary>
    public MappingNode? Mapping(string key, string expected) => Collection<MappingNode>(key, expected);

    /// <summary>The items of a key that holds a list; empty when absent or empty, or reported when not a list.</summary>
    public IReadOnlyList<TreeNode> Sequence(string key, string expected) => Collection<SequenceNode>(key, expected)?.Items ?? [];

    private T? Collection<T>(string key, string expected) where T : TreeNode
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        switch (entry.Value)
        {
            case T node: return node;
            case ScalarNode { IsNull: true } or BrokenNode: return null;
            default:
                Error(entry.Value, key, $"expected {expected}, got {entry.Value.Describe()}");
                return null;
        }
    }

    /// <summary>The scalar of a key; null when absent, or reported (no value, a list, a mapping).</summary>
    public ScalarNode? Scalar(string key, string expected)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        switch (entry.Value)
        {
            case ScalarNode { IsNull: true }:
                Error(entry.Key, key, $"no value; expected {expected}");
                return null;
            case ScalarNode scalar:
                return scalar;
            case BrokenNode:
                return null;
            default:
                Error(entry.Value, key, $"expected {expected}, got {entry.Value.Describe()}");
                return null;
        }
    }

    /// <summary>A non-empty string; null when absent or reported.</summary>
    public string? Text(string key, string expected) => TextNode(key, expected)?.Value;

    /// <summary>The scalar of a non-empty string, for callers that check the value further and point at it.</summary>
    public ScalarNode? TextNode(string key, string expected)
    {
        var scalar = Scalar(key, expected);
        if (scalar is null) return null;
        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(scalar, key, $"empty value; expected {expected}");
            return null;
        }
        return scalar;
    }

    /// <summary>A required non-empty string; reports a missing key with <paramref name="hint"/>.</summary>
    public ScalarNode? RequiredTextNode(string key, string expected, string hint)
    {
        if (!Has(key))
        {
            Missing(key, hint);
            return null;
        }
        return TextNode(key, expected);
    }

    /// <param name="timer">a timer waits it (an interval, a timeout), which limits it to <see cref="DurationParser.LongestTimer"/></param>
    public TimeSpan Duration(string key, TimeSpan fallback, bool mustBePositive, bool timer = false)
    {
        var scalar = Scalar(key, $"a duration (e.g. {DurationParser.Examples})");
        if (scalar is null) return fallback;
        if (!(timer ? DurationParser.TryParseTimer(scalar.Value, out var value, out var problem)
                : DurationParser.TryParse(scalar.Value, out value, out problem)))
        {
            Error(scalar, key, problem);
            return fallback;
        }
        if (mustBePositive && value <= TimeSpan.Zero)
        {
            Error(scalar, key, $"\"{scalar.Value}\" must be more than 0");
            return fallback;
        }
        return value;
    }

    public long Size(string key, long fallback)
    {
        var scalar = Scalar(key, $"a size (e.g. {ByteSizeParser.Examples})");
        if (scalar is null) return fallback;
        if (ByteSizeParser.TryParse(scalar.Value, out var value, out var problem)) return value;
        Error(scalar, key, problem);
        return fallback;
    }

    public int Integer(string key, int min, int max, int fallback, string expected)
    {
        var scalar = Scalar(key, expected);
        if (scalar is null) return fallback;
        if (int.TryParse(scalar.Value, System.Globalization.NumberStyles.AllowLeadingSign, null, out var value)
            && value >= min && value <= max)
            return value;
        Error(scalar, key, $"\"{scalar.Value}\" is not {expected}");
        return fallback;
    }

    /// <summary>
    /// A path, made absolute against <paramref name="baseDirectory"/> (the config file's directory) so that the
    /// meaning of the file does not depend on the working directory the exporter was started in.
    /// Whether it exists is not checked: a missing file or directory is reported by the inspections.
    /// </summary>
    /// <param name="wildcardHint">appended when the path contains <c>*</c>, which is taken literally.</param>
    public string? Path(string key, string baseDirectory, string wildcardHint = "")
    {
        var scalar = Scalar(key, "a path");
        if (scalar is null) return null;
        var text = scalar.Value;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(scalar, key, "empty value; expected a path");
            return null;
        }
        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal))
        {
            Error(scalar, key, $"\"{text}\" starts with ~, which is not expanded; write the full path");
            return null;
        }
        if (text.Contains('*'))
        {
            Error(scalar, key, $"\"{text}\" contains *, but paths are taken literally{wildcardHint}");
            return null;
        }
        if (text.Contains('\0'))
        {
            Error(scalar, key, $"\"{text}\" contains a NUL character");
            return null;
        }
        return System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(text, baseDirectory));
    }

    /// <summary>One word of a fixed set (case-sensitive), with a did-you-mean for anything else.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> words, string noun) where T : struct
    {
        var list = string.Join(", ", words.Keys);
        var scalar = Scalar(key, $"one of {list}");
        if (scalar is null) return null;
        if (words.TryGetValue(scalar.Value, out var value)) return value;
        Error(scalar, key, $"\"{scalar.Value}\" is not {noun} (use {list}){DidYouMean.Hint(scalar.Value, words.Keys)}");
        return null;
    }
}
