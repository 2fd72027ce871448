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

    /// <summary>
    /// <see cref="Explain"/> with the sandbox's error log. When the client lost its connection, the server may write
    /// its refusal a moment after the client gave up (on a busy host, measurably): the log is read again for a short
    /// while before the reason is decided without it.
    /// </summary>
    public static async Task<string?> ExplainAsync(string toolError, SandboxServer sandbox, CancellationToken cancellationToken)
    {
        var lostConnection = toolError.Contains("ERROR 2006", StringComparison.Ordinal)
            || toolError.Contains("ERROR 2013", StringComparison.Ordinal)
            || toolError.Contains("gone away", StringComparison.OrdinalIgnoreCase)
            || toolError.Contains("Lost connection", StringComparison.OrdinalIgnoreCase);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var explained = Explain(toolError, ServerLogTail(sandbox));
            if (explained is not null || !lostConnection)
                return explained;
            if (waited.Elapsed > LogWait)
                // The server does not always log the refusal (a connection aborted mid-packet, a busy host): the lost
                // connection is still most often the packet size, and the reason says so as a likely cause.
                return $"the server closed the connection; the usual cause is a statement larger than {Setting} (the sandbox "
                    + $"server and its client use {SandboxServer.MaxPacketBytes >> 30} GiB, the most MariaDB and MySQL accept: "
                    + "a row that large cannot be loaded as it is), else the sandbox server stopped (see its error log)";
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>How long the error log is watched for the refusal after a lost connection.</summary>
    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(5);

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
