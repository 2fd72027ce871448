using System.Globalization;
using System.Text;
using System.Text.Json;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Drills;
using BackupExporter.Inspection;
using BackupExporter.Inspection.Logs;
using BackupExporter.Platform;
using BackupExporter.Restore.Runner;
using BackupExporter.Restore;
using BackupExporter.Scheduling;
using BackupExporter.Decoding;

namespace BackupExporter.Cli;

/// <summary>
/// <c>drill</c>: one restore drill of one set now. Prints the outcome, records it in the set's drill history (which
/// the running exporter reads) and exits 0 OK, 2 CRITICAL (the drill failed), 3 UNKNOWN (unsupported, refused to
/// start, or a configuration error): the Nagios codes.
/// </summary>
internal static class DrillCommand
{
    private const int Unknown = DrillExitCodes.Unknown;

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken = default)
    {
        var output = line.Flag("output");
        if (output is not ("text" or "json" or "nagios"))
        {
            stderr.WriteLine($"--output=\"{output}\" is not one of text, json, nagios");
            return Unknown;
        }
        var path = line.Flag("config.file");
        if (!line.Flags.TryGetValue("backup", out var name) || name.Length == 0 || name.Contains(','))
        {
            stderr.WriteLine("drill needs --backup=NAME: the one backup set whose newest good artifact is restored");
            return Unknown;
        }
        var (config, errors) = ConfigLoader.Load(path);
        if (config is null)
        {
            if (output == "nagios")
                stdout.WriteLine($"DRILL UNKNOWN - invalid configuration {path}: {errors[0]}");
            foreach (var error in errors)
                stderr.WriteLine(error.ToString());
            return Unknown;
        }
        var set = config.Backups.FirstOrDefault(b => b.Name == name);
        if (set is null)
        {
            stderr.WriteLine($"{path}: no backup set named \"{name}\"; "
                + $"configured: {string.Join(", ", config.Backups.Select(b => b.Name))}");
            return Unknown;
        }

        var access = new StateAccess(config.Global.StateGroup);
        var store = new DrillHistoryStore(DrillHistoryLocation.Directory(), access);
        var result = await new DrillRunner(new DrillRequest(config, set), SetInspection(config, set), store, TimeProvider.System,
            DecoderLibraries.Installed).RunAsync(cancellationToken);
        if (result.Record is { } record && store.Record(record) is { } notWritten)
            stderr.WriteLine($"the drill's outcome was not recorded: {notWritten}");
        stdout.Write(output switch
        {
            "json" => Json(result),
            "nagios" => Nagios(set.Name, result),
            _ => Text(set.Name, result),
        });
        return DrillExitCodes.Of(result);
    }

    /// <summary>The set's own inspection from the configuration's one list: the drill restores what it finds.</summary>
    private static Func<IInspection> SetInspection(ExporterConfig config, BackupSetConfig set)
    {
        // Nothing is followed, counted or compared: only the set's inspection is made, and it runs once.
        var services = new InspectionServices(TimeProvider.System, _ => { }, LogOffsetStore.Ephemeral(), _ => { }, _ => null);
        return InspectionFactory.For(config, services).Single(p => p.Name == InspectionNames.Backup(set.Name)).Create;
    }

    private static string Clean(string text) => ControlCharacters.Escape(SecretRedactor.RedactText(text));

    private static string Text(string name, DrillResult result)
    {
        var text = new StringBuilder();
        if (result.Record is not { } r)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: UNKNOWN - drill not started: {Clean(result.Refusal!)}\n");
            return text.ToString();
        }
        text.Append(CultureInfo.InvariantCulture, $"{name}: {Word(r.Verdict)}"
            + $"{(r.Error is { } e ? $" - {(r.FailedPhase is { } p ? p + ": " : "")}{Clean(e)}" : "")}\n");
        if (r.ArtifactPath is { } artifact)
            text.Append(CultureInfo.InvariantCulture, $"  artifact: {Clean(artifact)} ({r.ArtifactTime:u})\n");
        foreach (var skipped in r.Skipped)
            text.Append(CultureInfo.InvariantCulture, $"  skipped: {Clean(skipped.Path)}: {Clean(skipped.Reason)}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"  phases: {string.Join(", ", DrillPhases.All.Select(p => $"{p} {r.PhaseSeconds.GetValueOrDefault(p):0.0}s"))}\n");
        if (r.Verdict == DrillVerdict.Ok || r.Schemas.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $"  restored: {r.Schemas.Count} schemas, {r.Tables} tables, {r.Rows} "
                + $"rows, {ByteSizeParser.FormatHuman(r.RestoredBytes)}\n");
        foreach (var schema in r.Schemas)
            text.Append(CultureInfo.InvariantCulture, $"    {Clean(schema.Schema)}: {schema.Tables} tables, {schema.Rows} rows\n");
        foreach (var check in r.Checks)
            text.Append(CultureInfo.InvariantCulture, $"  check {(check.Ok ? "ok" : "FAILED")}: {Clean(check.Sql)} "
                + $"= {Clean(check.Value ?? "(none)")}{(check.Error is { } ce ? $" ({Clean(ce)})" : "")}\n");
        if (r.PredictedSeconds is { } predicted && r.TotalSeconds is { } measured && r.Verdict == DrillVerdict.Ok)
            text.Append(CultureInfo.InvariantCulture, $"  predicted from the earlier drills: {predicted:0.0}s, "
                + $"{Math.Abs(predicted - measured) / measured:0%} {(predicted < measured ? "under" : "over")} the measured "
                + $"{measured:0.0}s\n");
        foreach (var note in result.Notes)
            text.Append(CultureInfo.InvariantCulture, $"  note: {Clean(note)}\n");
        return text.ToString();
    }

    private static string Nagios(string name, DrillResult result)
    {
        var r = result.Record;
        var state = r is null ? "UNKNOWN" : r.Verdict switch { DrillVerdict.Ok => "OK", DrillVerdict.Failed => "CRITICAL", _ => "UNKNOWN" };
        var summary = r is null ? $"drill not started: {result.Refusal}" : (r.Error ?? $"{r.Tables} tables, {r.Rows} rows restored")
            + string.Concat(r.Skipped.Select(s => $"; skipped {Path.GetFileName(s.Path)}: {s.Reason}"));
        var perf = r is null ? "" : " | " + string.Join(' ', DrillPhases.All.Select(p =>
            $"'{p}'={r.PhaseSeconds.GetValueOrDefault(p).ToString("0.###", CultureInfo.InvariantCulture)}s;;;0"))
                + $" 'tables'={r.Tables};;;0 'rows'={r.Rows};;;0";
        return $"DRILL {state} - {name}: {Clean(summary).Replace('|', '¦')}{perf}\n";
    }

    private static string Json(DrillResult result)
    {
        if (result.Record is { } record)
            return JsonSerializer.Serialize(record with { Error = record.Error is null ? null : SecretRedactor.RedactText(record.Error) },
                DrillOutputJsonContext.Default.DrillRecord) + "\n";
        return "{\"verdict\": \"refused\", \"error\": " + JsonSerializer.Serialize(SecretRedactor.RedactText(result.Refusal!),
            DrillOutputJsonContext.Default.String) + "}\n";
    }

    private static string Word(DrillVerdict verdict) => verdict switch
    {
        DrillVerdict.Ok => "OK",
        DrillVerdict.Failed => "CRITICAL",
        _ => "UNKNOWN (unsupported)",
    };
}
