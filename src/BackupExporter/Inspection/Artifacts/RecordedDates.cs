using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Artifacts;

/// <summary>
/// Dates each artifact by its tool's own record of when it finished (a dump's footer, <c>end_time</c> of
/// xtrabackup_info, mydumper's <c>Finished dump at</c>, MySQL Shell's <c>@.done.json</c>), which survives a copy, a
/// clone or a <c>touch</c>, unlike the file time. A record that is not a date or lies in the future is not used: the
/// file time stands. A record that predates the artifact written before it is kept but said: a wrong clock and an old
/// file touched look the same, and the file time would make a touched old dump read as fresh. Either way the older of
/// the two times wins, so no doubt about a date can silence an age alert; <see cref="ArtifactObservation.TimeProblem"/>
/// says why.
/// </summary>
internal static class RecordedDates
{
    /// <summary>How far ahead of this machine's clock a record may be before it counts as in the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Recorded and file times further apart than this mean the files were copied, restored or touched: a warning on
    /// the set. Also how much earlier a file must have been written to count as the artifact before another one, so
    /// that the files of a copy or a clone (written within moments of each other) are never compared.
    /// </summary>
    public static readonly TimeSpan FarFromFileTime = TimeSpan.FromHours(1);

    private const int MaxTextShown = 80;

    /// <summary>
    /// Reads the record of a verified artifact, once per verification: the end time its reader parsed, else its finish
    /// text (a dump's footer, seen by the one-pass read) parsed in the set's time zone. Only a finished artifact whose
    /// <c>complete</c> check passed is dated: the footer of a damaged stream cannot be trusted.
    /// </summary>
    public static ArtifactObservation Stamp(ArtifactObservation artifact, TimeZoneInfo zone)
    {
        if (artifact.InProgress || artifact.Facts is not { Completed: true } facts
            || !artifact.Checks.TryGetValue(CheckNames.Complete, out var complete) || !complete.Ok)
            return artifact;
        if (facts.EndedAt is { } ended)
            return artifact with { RecordedTime = ended };
        if (facts.CompletedAt is not { } text)
            return artifact; // the tool recorded no date (mysqldump --skip-dump-date): the file time, said so by the set
        if (ToolTime.Parse(text, zone) is { } parsed)
            return artifact with { RecordedTime = parsed };
        var shown = text.Length > MaxTextShown ? text[..MaxTextShown] + "…" : text;
        return artifact with
        {
            TimeProblem = $"its recorded finish time \"{shown}\" is not a date (yyyy-MM-dd HH:mm:ss expected); "
                + $"the file time {artifact.ModifiedTime:u} is used",
        };
    }

    /// <summary>
    /// The sanity rules that need the clock and the neighbours. Returns the same objects where nothing is rejected.
    /// </summary>
    /// <param name="byFileTime">the set's artifacts, oldest file time first</param>
    public static void Check(List<ArtifactObservation> byFileTime, DateTimeOffset now)
    {
        // The newest artifact whose file was written clearly before the current one's, as dated by these rules.
        var previous = -1;
        for (var i = 0; i < byFileTime.Count; i++)
        {
            while (previous + 1 < i && byFileTime[previous + 1].ModifiedTime <= byFileTime[i].ModifiedTime - FarFromFileTime)
                previous++;
            var artifact = byFileTime[i];
            if (artifact.RecordedTime is not { } recorded)
                continue;
            if (recorded > now + ClockSkew)
                byFileTime[i] = Reject(artifact, $"its recorded finish time {recorded:u} lies in the future (now {now:u})");
            else if (previous >= 0 && byFileTime[previous] is var before && recorded < before.Time - ClockSkew)
                byFileTime[i] = artifact with
                {
                    TimeProblem = $"its recorded finish time {recorded:u} predates {before.Name} ({before.Time:u}), written "
                        + $"before it (file time {artifact.ModifiedTime:u}): a wrong clock, or an old file touched or copied; "
                        + "the recorded time is kept, the older of the two",
                };
        }
    }

    private static ArtifactObservation Reject(ArtifactObservation artifact, string why) =>
        artifact with { RecordedTime = null, TimeProblem = $"{why}; the file time {artifact.ModifiedTime:u} is used" };

    /// <summary>The recorded and the file time of an artifact are far apart: it was copied, restored or touched.</summary>
    public static bool FarApart(ArtifactObservation artifact) =>
        artifact.RecordedTime is { } recorded && (recorded - artifact.ModifiedTime).Duration() > FarFromFileTime;
}
