using System.Buffers;

namespace BackupExporter.Inspection.Logs;

/// <summary>What an xtrabackup / mariabackup line says about the run it belongs to.</summary>
internal enum ToolLine
{
    None,

    /// <summary><c>xtrabackup: recognized server arguments: ...</c> — XtraBackup's first lines.</summary>
    Arguments,

    /// <summary>
    /// <c>[00] ... Connecting to MariaDB server host: ...</c> — first line of mariabackup, and again at each reconnection.
    /// </summary>
    Connecting,

    /// <summary>
    /// <c>mariabackup based on MariaDB server 10.11.19-MariaDB ...</c> / <c>xtrabackup version 8.0.35 based on MySQL server ...</c>: once
    /// per run.
    /// </summary>
    Banner,

    /// <summary><c>[00] ... Using server version ...</c>, between the first connection and the banner.</summary>
    ServerVersion,

    /// <summary><c>completed OK!</c>: the run succeeded.</summary>
    CompletedOk,
}

internal static class ToolLines
{
    // One vectorised search for all of them; most lines contain none.
    private static readonly SearchValues<string> Needles = SearchValues.Create(
        ["completed OK!", "Connecting to M", " based on M", "recognized server arguments", "recognized client arguments",
            "Using server version"],
        StringComparison.Ordinal);

    public static ToolLine Recognise(ReadOnlySpan<char> line)
    {
        var at = line.IndexOfAny(Needles);
        if (at < 0)
            return ToolLine.None;
        var rest = line[at..];
        return rest[0] switch
        {
            'c' => ToolLine.CompletedOk,
            'C' when rest.StartsWith("Connecting to MariaDB server host", StringComparison.Ordinal)
                     || rest.StartsWith("Connecting to MySQL server host", StringComparison.Ordinal) => ToolLine.Connecting,
            ' ' when IsBanner(line) => ToolLine.Banner,
            'r' => ToolLine.Arguments,
            'U' => ToolLine.ServerVersion,
            _ => ToolLine.None,
        };
    }

    private static bool IsBanner(ReadOnlySpan<char> line) =>
        line.StartsWith("mariabackup based on", StringComparison.Ordinal)
        || line.StartsWith("mariadb-backup based on", StringComparison.Ordinal)
        || line.StartsWith("xtrabackup version", StringComparison.Ordinal)
        || line.Contains("[Xtrabackup] xtrabackup version", StringComparison.Ordinal);
}
