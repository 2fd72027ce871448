namespace BackupExporter.Inspection.Server;

/// <summary>Whether a point-in-time restore is possible, and from when: see <see cref="PitrCoverage"/>.</summary>
/// <param name="WindowStart">the end time of the oldest good artifact from which the retained binlogs reach now</param>
internal sealed record PitrResult(bool Ok, string? Reason, DateTimeOffset? WindowStart);

/// <summary>
/// Point-in-time-recovery coverage of a backup set by its server's binary logs. Restoring to a moment means the
/// newest good artifact plus every binlog from the one it recorded to the current one: that file must still be
/// retained, and the retained files from it on must have no gap.
/// </summary>
internal static class PitrCoverage
{
    /// <param name="good">the set's good artifacts, oldest first</param>
    public static PitrResult Evaluate(IReadOnlyList<ArtifactObservation> good, ServerObservation? server, string serverName)
    {
        if (server is null || !server.Up)
            return new(false, $"server {serverName} is not reachable, its binary logs are unknown", null);
        if (server.BinlogEnabled == false)
            return new(false, $"binary logging is off on server {serverName} (log_bin): no point-in-time restore is possible", null);
        if (server.Binlogs is not { Count: > 0 } binlogs)
            return new(false, $"the binary logs of server {serverName} cannot be listed (see its problems)", null);
        if (good.Count == 0)
            return new(false, "there is no good artifact to restore from", null);
        var newest = good[^1];

        var names = binlogs.Select(b => b.Name).ToList();
        var window = good
            .Where(a => a.Facts?.BinlogFile is { } file && Reaches(names, file))
            .Select(a => (DateTimeOffset?)a.Time)
            .FirstOrDefault();

        if (newest.Facts?.BinlogFile is not { } needed)
            return new(false, $"the newest good artifact {newest.Name} records no binlog coordinates (dump with --master-data=2 or "
                + $"--source-data=2)", window);
        var start = names.IndexOf(needed);
        if (start < 0)
            return new(false, $"binlog {needed}, needed from the newest good artifact {newest.Name}, is no longer retained (oldest "
                + $"retained: {names[0]})", window);
        if (Gap(names, start) is { } gap)
            return new(false, $"the retained binlogs have a gap after {gap}", window);
        return new(true, null, window);
    }

    private static bool Reaches(List<string> names, string file)
    {
        var start = names.IndexOf(file);
        return start >= 0 && Gap(names, start) is null;
    }

    /// <summary>The file after which the sequence numbers jump, if any (mysql-bin.000007 then mysql-bin.000009).</summary>
    public static string? Gap(IReadOnlyList<string> names, int start)
    {
        for (var i = start + 1; i < names.Count; i++)
        {
            if (Sequence(names[i - 1]) is { } previous && Sequence(names[i]) is { } next && next != previous + 1)
                return names[i - 1];
        }
        return null;
    }

    public static long? Sequence(string name) =>
        long.TryParse(Path.GetExtension(name).TrimStart('.'), out var n) ? n : null;
}
