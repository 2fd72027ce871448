using System.Buffers;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// Lines of a job log that say a file was removed: <c>rm -v</c>'s <c>removed '...'</c>, a script's own "deleting ...",
/// <c>find -delete</c> traced by <c>sh -x</c>. Kept per run so that a backup that disappeared can be matched to the
/// line that names it.
/// </summary>
internal static class RemovalLines
{
    /// <summary>The most kept per run: a cleanup of a few old backups, not a whole directory listing.</summary>
    public const int Kept = 20;

    private static readonly SearchValues<string> Words = SearchValues.Create(
        ["removed ", "removing ", "rm ", "delet", "unlink", "prun", "expired "], StringComparison.OrdinalIgnoreCase);

    public static bool IsRemoval(ReadOnlySpan<char> line) => line.IndexOfAny(Words) >= 0;

    /// <summary>The newest kept line that names <paramref name="name"/>, searched newest run first; null when none does.</summary>
    public static string? Naming(string name, IEnumerable<IReadOnlyList<string>> runs)
    {
        foreach (var lines in runs)
        {
            for (var i = lines.Count - 1; i >= 0; i--)
            {
                if (lines[i].Contains(name, StringComparison.Ordinal))
                    return lines[i];
            }
        }
        return null;
    }
}
