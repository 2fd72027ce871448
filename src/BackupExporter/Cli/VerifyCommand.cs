using System.Globalization;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Inspection.Retention;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Logging;
using BackupExporter.Platform;
using BackupExporter.Reporting;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;

namespace BackupExporter.Cli;

/// <summary><c>verify</c>: one inspection round, then the verdicts as text, JSON or a Nagios plugin line.</summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, TextWriter stderr)
    {
        var output = line.Flag("output");
        if (output is not ("text" or "json" or "nagios"))
        {
            stderr.WriteLine($"--output=\"{output}\" is not one of text, json, nagios");
            return (int)Severity.Unknown;
        }
        var path = line.Flag("config.file");
        var (config, errors) = ConfigLoader.Load(path);
        if (config is null)
        {
            if (output == "nagios")
                stdout.WriteLine($"BACKUP UNKNOWN - invalid configuration {path}: {errors[0]}");
            foreach (var error in errors)
                stderr.WriteLine(error.ToString());
            return (int)Severity.Unknown;
        }

        var only = line.Flags.TryGetValue("backup", out var names)
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet()
            : null;
        var unknown = only?.Where(n => config.Backups.All(b => b.Name != n)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            stderr.WriteLine($"{path}: no backup set named {string.Join(", ", unknown.Select(n => $"\"{n}\""))}; "
                + $"configured: {string.Join(", ", config.Backups.Select(b => b.Name))}");
            return (int)Severity.Unknown;
        }

        var clock = TimeProvider.System;
        using var loggers = LoggingSetup.CreateFactory(line.Flag("log.level"), line.Flag("log.format"));
        var store = new SnapshotStore(config, [], clock.GetUtcNow());
        // One round must not move the running exporter's log offsets: they are kept in memory only.
        var verifyLog = loggers.CreateLogger("verify");
        var services = new InspectionServices(clock, store.CountBytesRead, LogOffsetStore.Ephemeral(),
            m => verifyLog.LogWarning("{Warning}", m), name => store.Current.Backup(name))
        {
            // What the running exporter has seen tells what was removed since; one round adds nothing to it.
            Seen = new SeenArtifactStore(SeenArtifactStore.DefaultDirectory(), StateAccess.OwnerOnly, readOnly: true),
            Server = name => store.Current.Server(name),
        };
        // The selected sets' verdicts read exactly the inspections the plan says they belong to, off-site copies included.
        var inspections = InspectionFactory.For(config, services)
            .Where(p => only is null || p.Sets.Any(only.Contains))
            .Select(p => p.Create())
            .ToList();
        store.Reconfigure(config, inspections.Select(i => i.Name).ToList(), clock.GetUtcNow());
        await using (var scheduler = new InspectionScheduler(store, clock, loggers.CreateLogger<InspectionScheduler>()))
            await scheduler.RunOnceAsync(inspections, CancellationToken.None);

        var report = StatusReporter.Report(store.Current, clock.GetUtcNow(), VersionInfo.Version, only);
        stdout.Write(output switch
        {
            "json" => ReportJson.Serialize(report) + "\n",
            "nagios" => Nagios(report),
            _ => Text(report),
        });
        return (int)report.Severity;
    }

    private static string Text(StatusReport report)
    {
        var text = new StringBuilder();
        // The answer first: to what point each server and set can be restored, how fast, against which objective.
        var answers = report.Servers.Select(s => s.Recovery).Concat(report.Backups.Select(b => b.Recovery))
            .OfType<RecoveryReport>().ToList();
        foreach (var answer in answers)
            text.Append(ControlCharacters.Escape(answer.Summary)).Append('\n');
        if (answers.Count > 0)
            text.Append('\n');
        foreach (var set in report.Backups)
        {
            text.Append(CultureInfo.InvariantCulture, $"{set.Name}: {set.Severity.ToString().ToUpperInvariant()}\n");
            foreach (var reason in set.Reasons)
                text.Append(CultureInfo.InvariantCulture, $"  {ControlCharacters.Escape(reason.Text)}\n");
            if (set.NewestFinished is { } newest)
            {
                text.Append(CultureInfo.InvariantCulture, $"  newest: {ControlCharacters.Escape(newest.Name)} "
                    + $"({ByteSizeParser.FormatHuman(newest.SizeBytes)}, {newest.Time:u}"
                    + $"{(newest.TimeSource == TimeSources.File ? ", by its file time" : "")})\n");
                foreach (var (check, result) in newest.Checks)
                    text.Append(CultureInfo.InvariantCulture, $"    {check,-12} {(result.Ok ? "ok" : "FAILED")}"
                        + $"{(result.Detail is { } d ? "  " + ControlCharacters.Escape(d) : "")}\n");
            }
            if (set.Reverify is { } reverify)
                text.Append(CultureInfo.InvariantCulture, $"  re-verification: {reverify.Text}\n");
            if (set.Drill?.Newest is { } drill)
                text.Append(CultureInfo.InvariantCulture, $"  restore drill: {DrillText.Line(drill, set.Drill.RtoSeconds)}\n");
            if (set.Retention is { } retention)
                text.Append(CultureInfo.InvariantCulture, $"  retention: {retention.Summary()}\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// Nagios plugin output: a status line with perfdata, then one line per backup set. Text from outside (file names
    /// in the reasons) has its control characters escaped and '|' (which starts perfdata) replaced.
    /// </summary>
    private static string Nagios(StatusReport report)
    {
        var counts = string.Join(", ", Enum.GetValues<Severity>()
            .Select(s => (s, n: report.Backups.Count(b => b.Severity == s)))
            .Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.s.ToString().ToLowerInvariant()}"));
        var worst = report.Backups.Where(b => b.Severity == report.Severity && b.Severity != Severity.Ok)
            .Select(b => $"{b.Name}: {(b.Reasons.Count > 0 ? NagiosText(b.Reasons[0].Text) : "")}");
        var summary = string.Join("; ", new[] { counts }.Concat(worst));
        var now = report.GeneratedAt;
        var perf = string.Join(' ', report.Backups.SelectMany(b => new[]
        {
            $"'{b.Name}_age'={(b.LastSuccess is { } s
                ? ((long)(now - s.Time).TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
                : "U")};;;0",
            $"'{b.Name}_size'={b.LastSuccess?.SizeBytes ?? 0}B;;;0",
        }));
        var text = new StringBuilder($"BACKUP {report.Severity.ToString().ToUpperInvariant()} - {summary} | {perf}\n");
        foreach (var set in report.Backups)
            text.Append(CultureInfo.InvariantCulture, $"{set.Name}: {set.Severity.ToString().ToUpperInvariant()}"
                + $"{(set.Reasons.Count > 0 ? " - " + string.Join("; ", set.Reasons.Select(r => NagiosText(r.Text))) : "")}\n");
        return text.ToString();
    }

    private static string NagiosText(string text) => ControlCharacters.Escape(text).Replace('|', '¦');
}
