using BackupExporter.Configuration;
using BackupExporter.Inspection.Offsite;

namespace BackupExporter.Reporting;

/// <summary>
/// Judges a set's off-site copies (part of <see cref="SetVerdicts.Decide"/>), as the alert rules do: a remote that cannot be listed, a copy
/// that differs, a remote behind by more than max_lag. Each is a reason on the set with its runbook. Pure: no I/O.
/// </summary>
internal static class OffsiteReporter
{
    /// <summary>Newest first; a remote missing years of backups must not make a page of megabytes.</summary>
    private const int MaxListed = 20;

    /// <summary>
    /// Each remote of the set judged at <paramref name="now"/> (the lag grows between rounds); the reasons go to <paramref name="raise"/>.
    /// </summary>
    public static IReadOnlyList<OffsiteReport> Judge(IReadOnlyList<(OffsiteConfig Remote, OffsiteObservation? Observation)> remotes,
        DateTimeOffset now,
        Action<Severity, string, string> raise)
    {
        var reports = new List<OffsiteReport>();
        foreach (var (remote, o) in remotes)
        {
            var offsite = Report(remote, o, now);
            reports.Add(offsite);
            if (o is null)
                continue;
            if (!o.Up)
            {
                raise(Severity.Warning, $"off-site remote {remote.Name} cannot be listed: {o.Error}", Runbooks.OffsiteUnreachable);
                continue;
            }
            if (offsite.Mismatched.Count > 0)
            {
                var first = offsite.Mismatched[0];
                raise(Severity.Critical, $"off-site remote {remote.Name}: {o.Mismatched} copies differ from the local backup; "
                    + $"{first.Detail}", Runbooks.OffsiteMismatched);
            }
            else if (offsite.LagSeconds > remote.MaxLag.TotalSeconds || o.Missing > 0)
            {
                var newest = offsite.Missing.Count > 0 ? offsite.Missing[0].Name : "?";
                raise(Severity.Critical,
                    $"off-site remote {remote.Name} is behind "
                        + $"by {DurationParser.Format(TimeSpan.FromSeconds(Math.Round(offsite.LagSeconds ?? 0)))} (max_lag "
                        + $"{DurationParser.Format(remote.MaxLag)}); {newest} is not there",
                    Runbooks.OffsiteStale);
            }
        }
        return reports;
    }

    private static OffsiteReport Report(OffsiteConfig remote, OffsiteObservation? o, DateTimeOffset now)
    {
        var verify = remote.Verify.ToString().ToLowerInvariant();
        if (o is null)
        {
            return new OffsiteReport
            {
                Name = remote.Name, Remote = remote.Remote, Error = "not listed yet",
                MaxLagSeconds = remote.MaxLag.TotalSeconds, Verify = verify,
            };
        }
        var lag = o.LagSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0;
        return new OffsiteReport
        {
            Name = remote.Name,
            Remote = remote.Remote,
            Up = o.Up,
            Error = o.Error,
            LastListed = o.ObservedAt,
            LastCopy = o.LastCopy,
            LagSeconds = lag,
            MaxLagSeconds = remote.MaxLag.TotalSeconds,
            Objects = o.Objects,
            Bytes = o.Bytes,
            Verify = verify,
            VerifiedBy = o.VerifiedBy,
            VerifyNote = o.VerifyNote,
            Missing = o.Artifacts.Where(a => a.State == CopyState.Missing).Take(MaxListed)
                .Select(a => new OffsiteArtifactReport(a.Name, a.End, a.Detail)).ToList(),
            Mismatched = o.Artifacts.Where(a => a.State == CopyState.Mismatched).Take(MaxListed)
                .Select(a => new OffsiteArtifactReport(a.Name, a.End, a.Detail)).ToList(),
            Warnings = o.Warnings,
        };
    }
}
