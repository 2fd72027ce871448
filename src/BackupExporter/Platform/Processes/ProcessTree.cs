using System.Globalization;

namespace BackupExporter.Platform.Processes;

/// <summary>
/// A process and its descendants, from /proc. Needed because stopping only the direct child leaves a
/// <c>sh -c 'mysqldump | gzip'</c> pipeline running, orphaned, still holding the stderr pipe open.
/// </summary>
internal static class ProcessTree
{
    /// <returns>the pid and every descendant's, found now; parents before children</returns>
    public static List<int> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            if (ParentOf(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                    children[parent] = list = [];
                list.Add(pid);
            }
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            if (children.TryGetValue(tree[i], out var list))
                tree.AddRange(list.Where(c => !tree.Contains(c)));
        }
        return tree;
    }

    public static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
            LibC.Kill(pid, signal);
    }

    public static bool IsAlive(int pid) => ProcessState.IsAlive(pid);

    public const int SigKill = 9;

    private static int? ParentOf(int pid) =>
        ProcessState.Fields(pid) is [_, var ppid, ..] && int.TryParse(ppid, NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? parent
            : null;

    private static List<string> SafeEnumerate(string directory)
    {
        try
        {
            return Directory.EnumerateDirectories(directory).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
