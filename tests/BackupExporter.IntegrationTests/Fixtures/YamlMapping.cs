using System.Globalization;
using System.Text;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// One mapping of the exporter's configuration, in the order keys were set: scalars, nested mappings (a set's
/// <c>restore_test</c>) and lists of mappings (a set's <c>offsite</c> remotes). The typed entries derive from it, so
/// that a key the builder has no method for yet is still one <see cref="Set(string, string)"/> away.
/// </summary>
public abstract class YamlMapping<TSelf> where TSelf : YamlMapping<TSelf>
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    private TSelf This => (TSelf)this;

    /// <summary>A scalar; setting a key again replaces its value in place.</summary>
    public TSelf Set(string key, string value) => Put(key, value);

    public TSelf Set(string key, long value) => Put(key, value.ToString(CultureInfo.InvariantCulture));

    public TSelf Set(string key, bool value) => Put(key, value ? "true" : "false");

    /// <summary>A nested mapping under <paramref name="key"/>, filled by <paramref name="fill"/> (called again: filled further).</summary>
    public TSelf Block(string key, Action<YamlBlock> fill)
    {
        var block = _entries.FirstOrDefault(e => e.Key == key).Value as YamlBlock ?? Add(key, new YamlBlock());
        fill(block);
        return This;
    }

    /// <summary>One more mapping in the list under <paramref name="key"/>.</summary>
    public TSelf Item(string key, Action<YamlBlock> fill)
    {
        var list = _entries.FirstOrDefault(e => e.Key == key).Value as List<YamlBlock> ?? Add(key, new List<YamlBlock>());
        var item = new YamlBlock();
        fill(item);
        list.Add(item);
        return This;
    }

    /// <summary>
    /// Writes the entries at <paramref name="indent"/>; <paramref name="first"/> replaces the first line's indent (a list's "- ").
    /// </summary>
    internal void WriteTo(StringBuilder yaml, int indent, string? first = null)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value) in _entries)
        {
            yaml.Append(first ?? pad).Append(key).Append(':');
            first = null;
            switch (value)
            {
                case string scalar:
                    yaml.Append(' ').Append(YamlScalar.Quote(scalar)).Append('\n');
                    break;
                case YamlBlock block:
                    yaml.Append('\n');
                    block.WriteTo(yaml, indent + 2);
                    break;
                case List<YamlBlock> list:
                    yaml.Append('\n');
                    foreach (var item in list)
                        item.WriteTo(yaml, indent + 4, pad + "  - ");
                    break;
            }
        }
    }

    internal bool IsEmpty => _entries.Count == 0;

    private TSelf Put(string key, string value)
    {
        var at = _entries.FindIndex(e => e.Key == key);
        if (at >= 0)
            _entries[at] = new(key, value);
        else
            _entries.Add(new(key, value));
        return This;
    }

    private T Add<T>(string key, T value) where T : notnull
    {
        _entries.Add(new(key, value));
        return value;
    }
}

/// <summary>A mapping with no typed keys: <c>restore_test</c>, an <c>offsite</c> remote, or any block added later.</summary>
public sealed class YamlBlock : YamlMapping<YamlBlock>;

/// <summary>How a value is written: plain where YAML reads it back as the same string, double-quoted otherwise.</summary>
public static class YamlScalar
{
    public static string Quote(string value) =>
        IsPlain(value) ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // Letters, digits and the characters of paths, durations and sizes; no indicator first, no ": " or " #" inside.
    private static bool IsPlain(string value) =>
        value.Length > 0
        && value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+@%:, ".Contains(c))
        && (char.IsAsciiLetterOrDigit(value[0]) || value[0] is '/' or '.' or '_')
        && value[^1] is not (' ' or ':')
        && !value.Contains(": ", StringComparison.Ordinal)
        && !value.Contains(" #", StringComparison.Ordinal)
        && value is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~");
}
