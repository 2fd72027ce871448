using System.Globalization;
using BackupExporter.Cli.Run;
using BackupExporter.Configuration;
using BackupExporter.Inspection.Logs;
using BackupExporter.Platform;
using BackupExporter.Runs;

namespace BackupExporter.Cli;

/// <summary>
/// <c>run --config.file=FILE --backup=NAME [--retries N] [--retry-delay D] [--timeout D] [--checksum sha256]
/// [--status-file PATH] -- COMMAND [ARGS...]</c>: runs a backup command without a shell and records its outcome for the
/// exporter — its stderr between markers in the set's log, a status file, the produced artifact and optionally its
/// checksum — then exits with the command's status (124 after a timeout). A configuration that cannot be read does
/// not stop the backup: the command runs anyway and stderr says what was not recorded.
/// </summary>
internal static class RunCommand
{
    private const string Prefix = "backup-exporter run: ";

    public static Task<int> RunAsync(CommandLine line, TextWriter messages) =>
        RunAsync(line, messages, Console.OpenStandardError(), TimeProvider.System);

    public static async Task<int> RunAsync(CommandLine line, TextWriter messages, Stream stderr, TimeProvider clock)
    {
        var (options, error) = RunOptions.From(line.Flags, line.Trailing, line.Flag("config.file"));
        if (options is null)
        {
            messages.WriteLine(Prefix + error);
            return ExitCodes.InvalidInput;
        }

        var problems = new List<string>();
        var (set, access) = FindSet(options, problems);
        var remote = FindRemote(options, set, problems);
        var backup = RunMarkers.Sanitize(options.Backup);
        var statusPath = options.StatusFile ?? set?.RunStatus ?? RunStatus.DefaultPath(backup.Replace('/', '_'));
        using var recorder = new StderrRecorder(stderr, set?.Log, set is null ? LogKind.Run : LogKinds.ForBackup(set.Kind),
            Secrets(options.Command), access);
        if (recorder.LogProblem is { } logProblem)
            problems.Add(logProblem);
        foreach (var problem in problems)
            messages.WriteLine(Prefix + problem);
        var told = problems.Count;

        using var signals = new WrapperSignals();
        var started = clock.GetUtcNow();
        var pid = Environment.ProcessId;
        var attempts = new List<RunStatusAttempt>();
        var status = new RunStatus
        {
            Version = RunStatus.CurrentVersion,
            Backup = options.Backup,
            Host = Environment.MachineName,
            WrapperPid = pid,
            Command = SecretRedactor.RedactArguments(options.Command),
            Outcome = RunStatus.Running,
            StartedAt = started,
            ErrorLines = RunStatusParts.Labels(AttemptErrors.None),
            Attempts = attempts,
            Log = recorder.LogWritable ? set?.Log : null,
            Problems = problems,
        };
        WriteStatus(status, statusPath, access, messages);

        AttemptResult result;
        for (var attempt = 1; ; attempt++)
        {
            recorder.WriteLogLine(RunMarkers.Start(backup, pid, attempt, clock.GetUtcNow()));
            result = await CommandAttempt.RunAsync(attempt, options, recorder, signals, clock);
            result = result with { Errors = WithInterruption(result, signals.Received) };
            recorder.WriteLogLine(RunMarkers.End(backup, pid, attempt, result.ExitCode, result.Signal, result.TimedOut,
                result.Duration, result.EndedAt));
            var reason = attempt <= options.Retries && signals.Received is null ? RetryPolicy.Reason(result) : null;
            TimeSpan? delay = reason is null ? null : RetryPolicy.Delay(options.RetryDelay, attempt);
            attempts.Add(RunStatusParts.Attempt(result, reason, delay));
            if (reason is null || delay is not { } wait)
                break;

            var seconds = wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            messages.WriteLine($"{Prefix}attempt {attempt} of {options.Retries + 1} failed ({reason}); retrying "
                + $"in {DurationParser.Format(wait)}");
            recorder.WriteLogLine($"{RunMarkers.Prefix}retry backup={backup} pid={pid} attempt={attempt} next_attempt={attempt + 1} "
                + $"delay={seconds} reason={reason.Replace(", ", ",")}");
            WriteStatus(Update(status, RunStatus.Running, result, attempts, null, null), statusPath, access, messages);
            try
            {
                await Task.Delay(wait, clock, signals.Stopping);
            }
            catch (OperationCanceledException)
            {
                break; // the wrapper was asked to stop: no further attempt
            }
        }

        ArtifactInfo? artifact = null;
        ChecksumInfo? checksum = null;
        if (set is not null)
        {
            (artifact, var missing) = ProducedArtifact.Find(set, started);
            if (missing is not null && result.Succeeded)
                problems.Add(missing);
        }
        if (options.Sha256)
        {
            string? checksumProblem;
            if (!result.Succeeded)
                checksumProblem = "no checksum written: the command failed";
            else if (artifact is null)
                checksumProblem = "no checksum written: no artifact was found";
            else
                (checksum, checksumProblem) = ProducedArtifact.WriteSha256(artifact);
            if (checksumProblem is not null)
                problems.Add(checksumProblem);
        }
        if (recorder.LogProblem is { } late && !problems.Contains(late))
            problems.Add(late);

        var outcome = result.Succeeded && signals.Received is null ? RunStatus.Succeeded : RunStatus.Failed;
        var final = Update(status, outcome, result, attempts, artifact, checksum) with { InterruptedBy = signals.Received };
        RunStatusOffsiteCopy? copy = null;
        if (remote is not null && set is not null && outcome == RunStatus.Succeeded)
        {
            if (artifact is null)
                problems.Add($"not copied to {remote.Name}: no artifact was found");
            else
            {
                // The backup is done and good: say so before the upload, which may take long.
                WriteStatus(final, statusPath, access, messages);
                copy = await OffsiteUpload.CopyAsync(remote, set, artifact, options.RetryDelay, clock, messages, Prefix, signals.Stopping);
                if (copy.Error is { } copyError)
                    problems.Add($"not copied to {remote.Name}: {copyError}");
                final = final with { OffsiteCopy = copy, Problems = problems.ToList() };
            }
        }
        WriteStatus(final, statusPath, access, messages);
        foreach (var problem in problems.Skip(told))
            messages.WriteLine(Prefix + problem);
        // A good backup whose off-site copy failed is not a finished job: exit 1 so that cron or systemd says so.
        return result.ExitCode == 0 && copy is { Outcome: OffsiteUpload.Failed } ? 1 : result.ExitCode;
    }

    /// <summary>
    /// What to scrub from the command's output: the secrets of its command line and of the environment it inherits,
    /// longest first, so that a secret holding another is not left half-masked.
    /// </summary>
    private static List<string> Secrets(IReadOnlyList<string> command) =>
        SecretRedactor.SecretsIn(command).Concat(SecretRedactor.SecretsInEnvironment(Environment.GetEnvironmentVariables()))
            .Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToList();

    /// <summary>The remote of <c>--offsite</c>; a name the set does not list is said at once, and the backup still runs.</summary>
    private static OffsiteConfig? FindRemote(RunOptions options, BackupSetConfig? set, List<string> problems)
    {
        if (options.Offsite is not { } name || set is null)
            return null;
        var remote = set.Offsite.FirstOrDefault(r => r.Name == name);
        if (remote is null)
            problems.Add(set.Offsite.Count == 0
                ? $"--offsite={name}: set \"{set.Name}\" has no offsite list; the backup runs but is not copied"
                : $"--offsite={name}: set \"{set.Name}\" has no remote of that name (configured: "
                    + $"{string.Join(", ", set.Offsite.Select(r => r.Name))}); the backup runs but is not copied");
        return remote;
    }

    /// <returns>the set, and who may read its status file (the owner, or also <c>global.state_group</c>)</returns>
    private static (BackupSetConfig? Set, StateAccess Access) FindSet(RunOptions options, List<string> problems)
    {
        var (config, errors) = ConfigLoader.Load(options.ConfigFile);
        if (config is null)
        {
            problems.Add($"the configuration cannot be used ({errors[0]}{(errors.Count > 1 ? $", and {errors.Count - 1} more" : "")}); " +
                "the command runs, but its log is not written and its artifact not looked for");
            return (null, StateAccess.OwnerOnly);
        }
        var set = config.Backups.FirstOrDefault(b => b.Name == options.Backup);
        if (set is null)
            problems.Add($"{options.ConfigFile}: no backup set named \"{options.Backup}\" (configured: "
                + $"{string.Join(", ", config.Backups.Select(b => b.Name))}); " +
                "the command runs, but its log is not written and its artifact not looked for");
        return (set, new StateAccess(config.Global.StateGroup));
    }

    /// <summary>A timeout or a signal is one more <c>interrupted</c>, as the segmenter counts the end marker.</summary>
    private static AttemptErrors WithInterruption(AttemptResult result, string? wrapperSignal)
    {
        if (!result.TimedOut && result.Signal is null && wrapperSignal is null)
            return result.Errors;
        var lines = result.Errors.Lines.ToDictionary(l => l.Key, l => l.Value);
        lines[ErrorClass.Interrupted]++;
        return result.Errors with { Lines = lines };
    }

    private static RunStatus Update(RunStatus status, string outcome, AttemptResult last, List<RunStatusAttempt> attempts,
        ArtifactInfo? artifact, ChecksumInfo? checksum) => status with
    {
        Outcome = outcome,
        EndedAt = outcome == RunStatus.Running ? null : last.EndedAt,
        DurationSeconds = outcome == RunStatus.Running ? null : Math.Round((last.EndedAt - status.StartedAt).TotalSeconds, 3),
        ExitCode = last.ExitCode,
        Signal = last.Signal,
        TimedOut = last.TimedOut,
        ErrorLines = RunStatusParts.Labels(last.Errors),
        LastErrorLines = last.Errors.LastLines,
        Attempts = attempts.ToList(),
        Artifact = artifact is null ? null : new RunStatusArtifact(artifact.Path, artifact.SizeBytes,
            artifact.ModifiedAt, artifact.IsDirectory),
        Checksum = checksum,
        Problems = status.Problems.ToList(),
    };

    private static void WriteStatus(RunStatus status, string path, StateAccess access, TextWriter messages)
    {
        if (status.Write(path, access) is { } problem)
            messages.WriteLine(Prefix + problem);
    }
}
