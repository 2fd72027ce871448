using BackupExporter.Restore.Sandbox;

namespace BackupExporter.Restore.Logical;

/// <summary>
/// Names <c>max_allowed_packet</c> when a load failed on packet size. The client rarely says so: a server that refuses
/// a packet closes the connection, and the client reports <c>ERROR 2006 ... Server has gone away</c>; the server's
/// error log has the cause (<c>Got a packet bigger than 'max_allowed_packet' bytes</c>).
/// </summary>
internal static class PacketLimit
{
    private const string Setting = "max_allowed_packet";

    /// <summary>How much of the end of the sandbox's error log is searched: the refusal is among its last lines.</summary>
    private const int LogTail = 64 * 1024;

    /// <summary>
    /// What to add to the reason of a failed load: null when it did not fail on packet size. <paramref name="toolError"/>
    /// is the tool's own error text; <paramref name="serverLog"/>, the end of the sandbox's error log.
    /// </summary>
    public static string? Explain(string toolError, string serverLog)
    {
        var said = toolError.Contains(Setting, StringComparison.OrdinalIgnoreCase);
        var refused = serverLog.Contains("bigger than 'max_allowed_packet'", StringComparison.Ordinal);
        if (!said && !refused)
            return null;
        return $"a statement is larger than {Setting} allows: the sandbox server and its client use "
            + $"{SandboxServer.MaxPacketBytes >> 30} GiB, the most MariaDB and MySQL accept"
            + (refused ? " (the sandbox's error log: Got a packet bigger than 'max_allowed_packet' bytes)" : "")
            + "; no server loads it as it is: one row of the dump is that large (--hex-blob writes a BLOB at twice its "
            + "size): dump it without --hex-blob, or keep such values outside the database";
    }

    /// <summary>The end of the sandbox's error log, or nothing when it cannot be read.</summary>
    public static string ServerLogTail(SandboxServer sandbox)
    {
        try
        {
            using var file = new FileStream(sandbox.ErrorLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Position = Math.Max(0, file.Length - LogTail);
            using var reader = new StreamReader(file);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
