using System.Text.RegularExpressions;

namespace BackupExporter.Tests.Architecture;

/// <summary>
/// Which source folder uses which, read from the C# text: what the compiled code does not keep, such as a constant
/// the compiler copies as a number, a <c>nameof</c> or a type named only in a <c>cref</c>'s using. A file's folder is its
/// namespace; it uses a folder whose namespace it imports (<c>using</c>, <c>using static</c>, an alias), that it names
/// qualified (<c>BackupExporter.X.Y.Type</c>, or <c>Y.Type</c> from an enclosing namespace), or whose type it names by
/// its simple name where C# would find it: its own namespace, an enclosing one, or an imported one.
/// </summary>
internal static partial class SourceDependencies
{
    /// <summary>Edges between the folders of every .cs file under <paramref name="directory"/>.</summary>
    public static IReadOnlyDictionary<(string From, string To), SortedSet<string>> ReadDirectory(string directory, string rootNamespace) =>
        Read(Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(directory, f), File.ReadAllText(f))), rootNamespace);

    /// <param name="files">each file's name (for the messages) and text</param>
    public static IReadOnlyDictionary<(string From, string To),
        SortedSet<string>> Read(IEnumerable<(string Name, string Text)> files, string rootNamespace)
    {
        var parsed = files.Select(f => Parse(f.Name, f.Text)).Where(f => f.Namespace is not null).ToList();
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal); // namespace -> type names
        foreach (var file in parsed)
        {
            if (!declared.TryGetValue(file.Namespace!, out var types)) declared[file.Namespace!] = types =
                new HashSet<string>(StringComparer.Ordinal);
            types.UnionWith(file.Declares);
        }

        var edges = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var file in parsed)
        {
            var from = FolderOf(file.Namespace!, rootNamespace);
            if (from is null) continue;
            void Add(string usedNamespace, string what)
            {
                var to = FolderOf(usedNamespace, rootNamespace);
                if (to is null || to == from) return;
                if (!edges.TryGetValue((from, to), out var examples)) edges[(from, to)] = examples =
                    new SortedSet<string>(StringComparer.Ordinal);
                examples.Add($"{file.Name}: {what}");
            }

            var enclosing = Enclosing(file.Namespace!).ToList();
            foreach (var imported in file.Imports)
                Add(imported, "using " + imported);
            foreach (var (qualified, alias) in file.StaticImports)
                Add(qualified, alias is null ? "using static " + qualified : $"using {alias} = {qualified}");

            // Simple names: the own and enclosing namespaces first, then the imported ones (C#'s lookup order).
            foreach (var name in file.Identifiers)
            {
                var found = enclosing.FirstOrDefault(ns => declared.GetValueOrDefault(ns)?.Contains(name) == true);
                if (found is not null) { Add(found, name); continue; }
                foreach (var ns in file.Imports.Where(ns => declared.GetValueOrDefault(ns)?.Contains(name) == true))
                    Add(ns, name);
            }

            // Qualified names: A.B.Type, from the root or from any enclosing namespace.
            foreach (var chain in file.Chains)
            {
                var parts = chain.Split('.');
                for (var k = parts.Length - 1; k >= 1; k--)
                {
                    var written = string.Join('.', parts[..k]);
                    var ns = new[] { written }.Concat(enclosing.Select(e => e + "." + written))
                        .FirstOrDefault(n => declared.GetValueOrDefault(n)?.Contains(parts[k]) == true);
                    if (ns is null) continue;
                    Add(ns, string.Join('.', parts[..(k + 1)]));
                    break;
                }
            }
        }
        return edges;
    }

    private sealed record SourceFile(string Name, string? Namespace, IReadOnlyList<string> Imports, IReadOnlyList<(string Namespace,
        string? Alias)> StaticImports,
        IReadOnlySet<string> Declares, IReadOnlySet<string> Identifiers, IReadOnlySet<string> Chains);

    private static SourceFile Parse(string name, string text)
    {
        var code = StripCommentsAndPlainStrings(text);
        var ns = Namespace().Match(code) is { Success: true } m ? m.Groups["ns"].Value : null;
        var imports = new List<string>();
        var statics = new List<(string, string?)>();
        foreach (Match u in Using().Matches(code))
        {
            var target = u.Groups["target"].Value;
            if (u.Groups["static"].Success || u.Groups["alias"].Success)
                statics.Add((target.Contains('.', StringComparison.Ordinal) ? target[..target.LastIndexOf('.')] : target,
                    u.Groups["alias"].Success ? u.Groups["alias"].Value : null));
            else
                imports.Add(target);
        }
        var body = Using().Replace(Namespace().Replace(code, ""), "");
        return new SourceFile(name, ns, imports, statics,
            Declaration().Matches(body).Select(d => d.Groups["name"].Value).ToHashSet(StringComparer.Ordinal),
            Identifier().Matches(body).Select(i => i.Value).ToHashSet(StringComparer.Ordinal),
            Chain().Matches(body).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The namespace itself and every one enclosing it, innermost first.</summary>
    private static IEnumerable<string> Enclosing(string ns)
    {
        for (var n = ns; n.Length > 0; n = n.Contains('.', StringComparison.Ordinal) ? n[..n.LastIndexOf('.')] : "")
            yield return n;
    }

    private static string? FolderOf(string ns, string rootNamespace) =>
        ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal) ? ns[(rootNamespace.Length + 1)..].Replace('.', '/') : null;

    /// <summary>
    /// The code without comments (a word in prose is no use) and without the text of plain string literals (a message
    /// may name a type); interpolated strings are kept whole, since their holes are code.
    /// </summary>
    internal static string StripCommentsAndPlainStrings(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '/' && At(text, i + 1) == '/')
                while (i < text.Length && text[i] != '\n') i++;
            else if (c == '/' && At(text, i + 1) == '*')
                i = After(text, "*/", i + 2);
            else if (c == '\'')
                i = At(text, i + 1) == '\\' ? After(text, "'", i + 3) : i + 3; // a char literal: '"' opens no string
            else if (c == '$' || (c == '@' && At(text, i + 1) == '$'))
                i = Interpolated(text, i, result);
            else if (c == '"' || (c == '@' && At(text, i + 1) == '"'))
                i = SkipString(text, i);
            else
            {
                result.Append(c);
                i++;
            }
        }
        return result.ToString();
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static int After(string text, string end, int from)
    {
        var at = text.IndexOf(end, Math.Min(from, text.Length), StringComparison.Ordinal);
        return at < 0 ? text.Length : at + end.Length;
    }

    /// <summary>Skips a plain, verbatim or raw string literal starting at <paramref name="i"/>.</summary>
    private static int SkipString(string text, int i)
    {
        var verbatim = text[i] == '@';
        if (verbatim) i++;
        if (text.AsSpan(i).StartsWith("\"\"\"", StringComparison.Ordinal))
            return After(text, "\"\"\"", i + 3);
        i++;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                if (verbatim && At(text, i + 1) == '"') { i += 2; continue; }
                return i + 1;
            }
            i += !verbatim && text[i] == '\\' ? 2 : 1;
        }
        return i;
    }

    /// <summary>Keeps the holes of an interpolated string (code), drops its text; a raw one is dropped whole.</summary>
    private static int Interpolated(string text, int i, System.Text.StringBuilder result)
    {
        var verbatim = false;
        while (i < text.Length && (text[i] == '$' || text[i] == '@')) { verbatim |= text[i] == '@'; i++; }
        if (text.AsSpan(i).StartsWith("\"\"\"", StringComparison.Ordinal))
            return After(text, "\"\"\"", i + 3);
        if (At(text, i) != '"')
            return i; // not a string after all
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                if (verbatim && At(text, i + 1) == '"') { i += 2; continue; }
                return i + 1;
            }
            if (!verbatim && c == '\\') { i += 2; continue; }
            if (c == '{' && At(text, i + 1) == '{') { i += 2; continue; }
            if (c != '{') { i++; continue; }
            result.Append(' ');
            var depth = 1;
            i++;
            while (i < text.Length && depth > 0)
            {
                if (text[i] == '"' || (text[i] == '@' && At(text, i + 1) == '"')) { i = SkipString(text, i); continue; }
                if (text[i] == '{') depth++;
                else if (text[i] == '}' && --depth == 0) break;
                result.Append(text[i]);
                i++;
            }
            result.Append(' ');
            i++;
        }
        return i;
    }

    [GeneratedRegex(@"^\s*namespace\s+(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:(?<static>static)\s+|(?<alias>\w+)\s*=\s*)?(?<target>[\w.]+)\s*;",
        RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"\b(?:record\s+struct|record\s+class|class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)"
        + @"|\bdelegate\s+[^;(]*?\b(?<name>[A-Z]\w*)\s*[<(]")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)+")]
    private static partial Regex Chain();
}
