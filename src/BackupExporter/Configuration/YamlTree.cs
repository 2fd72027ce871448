namespace BackupExporter.Configuration;

/// <summary>
/// A minimal YAML node tree that keeps every node's 1-based line:column and every mapping entry, duplicates
/// included, so that validation can point at the exact place of each mistake and report them all.
/// </summary>
internal abstract class TreeNode(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>How the node reads in a message: <c>a list</c>, <c>a mapping</c>, <c>"text"</c>, <c>no value</c>.</summary>
    public abstract string Describe();
}

internal sealed class ScalarNode(int line, int column, string value, bool isNull) : TreeNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>A plain empty, <c>~</c> or <c>null</c> scalar: YAML's null, as in <c>grace:</c> with nothing after it.</summary>
    public bool IsNull { get; } = isNull;

    public override string Describe() => IsNull ? "no value" : $"\"{Value}\"";
}

internal sealed class SequenceNode(int line, int column, IReadOnlyList<TreeNode> items) : TreeNode(line, column)
{
    public IReadOnlyList<TreeNode> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>Stands where a node could not be built (e.g. an alias to no anchor): already reported, skipped by readers.</summary>
internal sealed class BrokenNode(int line, int column) : TreeNode(line, column)
{
    public override string Describe() => "an invalid value";
}

internal sealed record MappingEntry(TreeNode Key, TreeNode Value);

internal sealed class MappingNode(int line, int column, IReadOnlyList<MappingEntry> entries) : TreeNode(line, column)
{
    /// <summary>In file order; a repeated key appears twice (the reader reports it).</summary>
    public IReadOnlyList<MappingEntry> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
