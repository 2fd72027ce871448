namespace BackupExporter.Inspection;

/// <summary>
/// One string object per distinct value for the few texts thousands of artifacts repeat (the tool's banner, the
/// server version, the binlog file): each artifact's facts then hold a reference, not a copy. Bounded, so that a
/// directory of odd files cannot make it grow without end: past the bound a text is simply kept as it is.
/// </summary>
internal static class SharedText
{
    private const int MaxTexts = 4096;
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal);
    private static readonly Lock Guard = new();

    public static string? Of(string? text)
    {
        if (text is null)
            return null;
        lock (Guard)
        {
            if (Texts.TryGetValue(text, out var shared))
                return shared;
            if (Texts.Count < MaxTexts)
                Texts[text] = text;
            return text;
        }
    }
}
