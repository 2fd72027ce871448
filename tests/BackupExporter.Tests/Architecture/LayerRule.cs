namespace BackupExporter.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md: a folder may use folders of a lower layer, or folders of its own layer as
/// long as no cycle forms. A folder's layer is that of its top-level folder (<c>Inspection/Logs</c> is Inspection).
/// </summary>
internal sealed class LayerRule(IReadOnlyList<string[]> layersTopDown)
{
    /// <summary>The exporter's layers, top first.</summary>
    public static readonly LayerRule Exporter = new([
        ["Cli", "Logging"],
        ["Web", "Scheduling", "Restore"],
        ["Metrics", "Reporting"],
        ["Snapshots"],
        ["Inspection"],
        ["Configuration"],
        ["Decoding", "Runs"],
        ["Platform"],
    ]);

    /// <summary>Each broken rule as one line naming the folders and the types that break it.</summary>
    public IReadOnlyList<string> Violations(IReadOnlyDictionary<(string From, string To), SortedSet<string>> edges)
    {
        var violations = new List<string>();
        foreach (var ((from, to), examples) in edges.OrderBy(e => e.Key))
        {
            if (Layer(from) is not { } fromLayer)
                violations.Add($"{from} is in no layer (add it to docs/architecture.md and {nameof(LayerRule)})");
            else if (Layer(to) is { } toLayer && toLayer < fromLayer)
                violations.Add($"{from} -> {to} points up a layer: {Describe(examples)}");
        }
        foreach (var cycle in Cycles(edges.Keys))
        {
            var within = edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
                .Select(e => $"{e.Key.From} -> {e.Key.To} ({Describe(e.Value)})");
            violations.Add($"cycle between {string.Join(", ", cycle)}: {string.Join("; ", within)}");
        }
        return violations.Distinct().ToList();
    }

    /// <summary>0 for the top layer; null for a folder that belongs to none.</summary>
    private int? Layer(string folder)
    {
        var top = folder.Split('/')[0];
        for (var i = 0; i < layersTopDown.Count; i++)
            if (layersTopDown[i].Contains(top, StringComparer.Ordinal)) return i;
        return null;
    }

    private static string Describe(SortedSet<string> examples) =>
        string.Join(", ", examples.Take(3)) + (examples.Count > 3 ? $" and {examples.Count - 3} more" : "");

    /// <summary>The strongly connected components of more than one folder (Tarjan's algorithm).</summary>
    internal static IReadOnlyList<SortedSet<string>> Cycles(IEnumerable<(string From, string To)> edgeList)
    {
        var next = edgeList.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<SortedSet<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(to, out var toIndex)) { Visit(to); low[node] = Math.Min(low[node], low[to]); }
                else if (onStack.Contains(to)) low[node] = Math.Min(low[node], toIndex);
            }
            if (low[node] != index[node]) return;
            var component = new SortedSet<string>(StringComparer.Ordinal);
            string member;
            do { member = stack.Pop(); onStack.Remove(member); component.Add(member); } while (member != node);
            if (component.Count > 1) components.Add(component);
        }
        foreach (var node in nodes) if (!index.ContainsKey(node)) Visit(node);
        return components;
    }
}
