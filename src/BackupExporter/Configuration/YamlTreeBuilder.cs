using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BackupExporter.Configuration;

/// <summary>
/// Builds a <see cref="TreeNode"/> tree from YamlDotNet's event parser. The parser (rather than the
/// representation model) is used because the model stops at the first duplicate key; here duplicates are kept
/// for the reader to report with their context.
/// </summary>
internal static class YamlTreeBuilder
{
    /// <summary>
    /// The deepest nesting read. The tree is built (and later read) recursively, so a file of 100,000 nested
    /// brackets would overflow the stack, which kills the process without a message; no configuration needs more.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Returns false when the text is not YAML (one error at the parser's position). On success
    /// <paramref name="root"/> is null for a file without a document (empty or only comments).
    /// </summary>
    public static bool TryBuild(string text, ErrorCollector errors, out TreeNode? root)
    {
        root = null;
        var reader = new EventReader(new Parser(new StringReader(text)), errors);
        try
        {
            reader.Advance();
            reader.Expect<StreamStart>();
            if (reader.Current is StreamEnd) return true;
            reader.Expect<DocumentStart>();
            root = reader.ReadNode(1);
            reader.Expect<DocumentEnd>();
            if (reader.Current is DocumentStart second)
                errors.Add((int)second.Start.Line, (int)second.Start.Column, "only one YAML document is expected; remove this "
                    + "`---` and what follows it");
            return true;
        }
        catch (TooDeepException ex)
        {
            errors.Add((int)ex.Start.Line, (int)ex.Start.Column,
                $"nested more than {MaxDepth} levels deep; a configuration needs only a few (an unclosed [ or {{ repeated?)");
        }
        catch (YamlException ex)
        {
            errors.Add((int)ex.Start.Line, (int)ex.Start.Column, $"YAML syntax error: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException for some unterminated flow collections.
            errors.Add((int)reader.LastGood.Line, (int)reader.LastGood.Column,
                "YAML syntax error: the text after this point cannot be parsed (an unclosed [ or { ?)");
        }
        root = null;
        return false;
    }

    private sealed class EventReader(IParser parser, ErrorCollector errors)
    {
        private readonly Dictionary<string, TreeNode> _anchors = new(StringComparer.Ordinal);

        public ParsingEvent? Current => parser.Current;

        /// <summary>End of the last event parsed without error: where to point when the parser fails without a position.</summary>
        public Mark LastGood { get; private set; } = new(0, 1, 1);

        public void Advance()
        {
            if (parser.Current is { } current) LastGood = current.End;
            parser.MoveNext();
        }

        public void Expect<T>() where T : ParsingEvent
        {
            if (parser.Current is not T)
                throw new YamlException(parser.Current?.Start ?? LastGood, parser.Current?.End ?? LastGood, $"expected {typeof(T).Name}, "
                    + $"found {parser.Current?.GetType().Name}");
            Advance();
        }

        public TreeNode ReadNode(int depth)
        {
            var current = parser.Current ?? throw new YamlException(LastGood, LastGood, "unexpected end of the document");
            var start = current.Start;
            if (depth > MaxDepth) throw new TooDeepException(start, current.End);
            switch (current)
            {
                case Scalar scalar:
                    Advance();
                    var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
                    return Remember(scalar.Anchor, new ScalarNode((int)start.Line, (int)start.Column, scalar.Value, isNull));
                case SequenceStart sequence:
                    Advance();
                    var items = new List<TreeNode>();
                    while (parser.Current is not SequenceEnd) items.Add(ReadNode(depth + 1));
                    Advance();
                    return Remember(sequence.Anchor, new SequenceNode((int)start.Line, (int)start.Column, items));
                case MappingStart mapping:
                    Advance();
                    var entries = new List<MappingEntry>();
                    while (parser.Current is not MappingEnd) entries.Add(new MappingEntry(ReadNode(depth + 1), ReadNode(depth + 1)));
                    Advance();
                    return Remember(mapping.Anchor, new MappingNode((int)start.Line, (int)start.Column, entries));
                case AnchorAlias alias:
                    Advance();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        errors.Add((int)start.Line, (int)start.Column, $"alias *{alias.Value.Value} refers to no anchor "
                            + $"&{alias.Value.Value} defined before it");
                        return new BrokenNode((int)start.Line, (int)start.Column);
                    }
                    // A scalar is re-located at the alias so that a problem with its value points where it is used.
                    return target is ScalarNode s ? new ScalarNode((int)start.Line, (int)start.Column, s.Value, s.IsNull) : target;
                default:
                    throw new YamlException(start, current.End, $"unexpected {current.GetType().Name}");
            }
        }

        private TreeNode Remember(AnchorName anchor, TreeNode node)
        {
            if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
            return node;
        }
    }

    private sealed class TooDeepException(Mark start, Mark end) : YamlException(start, end, "nested too deep");
}
