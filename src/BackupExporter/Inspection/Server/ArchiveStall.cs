using System.Globalization;
using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Server;

/// <summary>
/// Whether a binlog archiver has stopped: the server's own binary logs are ahead of the archive (a newer file, or
/// more bytes of the same one) and the archive has not grown for <c>stalled_after</c>. A quiet server writes nothing,
/// so an archive that stands still is only stalled when the server moved on; without the server's binary logs (server
/// down, no privilege) nothing is said, the server's own alerts speak then.
/// </summary>
internal static class ArchiveStall
{
    /// <param name="newest">the archive's newest file and its size; null when it holds none</param>
    /// <returns>the reason, or null when the archiver keeps up or it cannot be told</returns>
    public static string? Judge((string Name, long Size)? newest, DateTimeOffset? lastGrowth, ServerObservation? server,
        TimeSpan stalledAfter, DateTimeOffset now)
    {
        if (server is not { Up: true, Binlogs: [.., var current] } || BinlogFileName.Parse(current.Name) is not { } serverName)
            return null;
        string? behind;
        if (newest is not { } archived)
            behind = $"the server writes {current.Name} and the archive holds no binary log";
        else if (BinlogFileName.Parse(archived.Name) is not { } archivedName || archivedName.Base != serverName.Base)
            return null; // another server's names: nothing to compare
        else if (archivedName.Number < serverName.Number)
            behind = $"the server writes {current.Name} and the archive's newest file is {archived.Name}";
        else if (archivedName.Number == serverName.Number && archived.Size < current.SizeBytes)
            behind = $"{archived.Name} has {archived.Size} bytes archived of the server's {current.SizeBytes}";
        else
            return null;
        if (lastGrowth is { } grown && now - grown < stalledAfter)
            return null;
        var still = lastGrowth is { } t
            ? "has not grown since " + t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC ("
                + DurationParser.Format(TimeSpan.FromSeconds(Math.Floor((now - t).TotalSeconds)))
                + $", stalled_after {DurationParser.Format(stalledAfter)})"
            : "is empty";
        return $"the archive {still} while {behind}: the binlog archiver has stopped";
    }
}
