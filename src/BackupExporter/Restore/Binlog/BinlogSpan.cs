using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore.Binlog;

/// <summary>
/// The binlog files a replay reads: from the one the artifact's coordinates name, in sequence, up to the first file
/// that begins after the stop time (its first event's timestamp, bytes 4–7 after the magic). A file missing from
/// that run (purged, or lost) would make the replay skip transactions silently: it fails the replay instead.
/// </summary>
internal static partial class BinlogSpan
{
    private static ReadOnlySpan<byte> Magic => [0xfe, 0x62, 0x69, 0x6e];

    public static IReadOnlyList<string> Files(string binlogDirectory, string startFile, DateTimeOffset stopAt)
    {
        var start = Sequence().Match(startFile);
        if (!start.Success)
            throw Failed($"the backup's binlog file name {startFile} is not a binlog name (base name, a dot, a number)");
        var prefix = start.Groups["base"].Value;
        var first = long.Parse(start.Groups["n"].Value, CultureInfo.InvariantCulture);
        var width = start.Groups["n"].Value.Length;

        var numbers = new SortedSet<long>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(binlogDirectory, prefix + ".*"))
                if (Sequence().Match(Path.GetFileName(path)) is { Success: true } m && m.Groups["base"].Value == prefix)
                    numbers.Add(long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed($"cannot list {binlogDirectory}: {e.Message}");
        }
        string NameOf(long n) => $"{prefix}.{n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}";
        if (!numbers.Contains(first))
            throw Failed($"{startFile}, where the backup's binlog coordinates point, is not in {binlogDirectory}"
                + " (purged before the drill?): the binlogs since the backup cannot be replayed");

        var files = new List<string>();
        for (var n = first; n <= numbers.Max; n++)
        {
            if (!numbers.Contains(n))
                throw Failed($"{NameOf(n)} is missing from {binlogDirectory} between {NameOf(first)} and {NameOf(numbers.Max)}:"
                    + " the transactions it held cannot be replayed");
            var path = Path.Combine(binlogDirectory, NameOf(n));
            if (n > first && FirstEventTime(path) is { } begins && begins > stopAt)
                break; // every event in it and after it is past the span
            files.Add(path);
        }
        return files;
    }

    /// <summary>The timestamp of a binlog's first event (the format description), or null when it cannot be read.</summary>
    private static DateTimeOffset? FirstEventTime(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            Span<byte> head = stackalloc byte[8];
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head[..4].SequenceEqual(Magic))
                return null;
            return DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32LittleEndian(head[4..]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // mariadb-binlog will say what is wrong with it
        }
    }

    private static DrillFailedException Failed(string message) => new(DrillPhases.Restore, "binlog replay: " + message);

    [GeneratedRegex(@"^(?<base>.+)\.(?<n>\d+)$")]
    private static partial Regex Sequence();
}
