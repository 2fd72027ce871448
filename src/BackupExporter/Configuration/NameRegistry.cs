using System.Text.RegularExpressions;

namespace BackupExporter.Configuration;

/// <summary>
/// The names of the entries of one list (<c>servers</c> or <c>backups</c>): required, unique, and usable as a
/// Prometheus label value without escaping surprises in dashboards and rules.
/// </summary>
internal sealed partial class NameRegistry(string section, string label)
{
    private readonly Dictionary<string, (int Index, int Line)> _seen = new(StringComparer.Ordinal);

    [GeneratedRegex("^[a-zA-Z0-9_.:-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelSafe();

    /// <summary>Every well-formed name read so far, including those of entries with other errors.</summary>
    public IReadOnlyCollection<string> Names => _seen.Keys;

    public bool Contains(string name) => _seen.ContainsKey(name);

    /// <summary>The entry's context for messages, <c>backups[1] "nightly"</c>, read before the entry's other keys.</summary>
    public string Context(MappingNode entry, int index)
    {
        foreach (var (key, value) in entry.Entries)
        {
            if (key is ScalarNode { Value: "name" } && value is ScalarNode { IsNull: false } name && name.Value.Length > 0)
                return $"{section}[{index}] \"{name.Value}\"";
        }
        return $"{section}[{index}]";
    }

    /// <summary>Reads and checks <c>name</c>; returns it, or an empty string when missing or invalid.</summary>
    public string Read(MappingReader reader, int index)
    {
        var at = reader.RequiredTextNode("name", "a name", $"a unique name; it becomes the value of the label \"{label}\"");
        if (at is null) return "";
        var name = at.Value;
        if (!LabelSafe().IsMatch(name))
        {
            reader.Error(at, $"name \"{name}\" may only contain letters, digits and _ . : - (it becomes the value of "
                + $"the label \"{label}\")");
            return "";
        }
        if (_seen.TryGetValue(name, out var first))
        {
            reader.Error(at, $"name \"{name}\" is already used by {section}[{first.Index}] (line {first.Line})");
            return name;
        }
        _seen[name] = (index, at.Line);
        return name;
    }
}
