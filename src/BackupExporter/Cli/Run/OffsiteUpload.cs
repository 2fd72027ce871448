using BackupExporter.Configuration;
using BackupExporter.Inspection.Offsite;
using BackupExporter.Runs;

namespace BackupExporter.Cli.Run;

/// <summary>
/// <c>run --offsite=NAME</c>: after a successful backup, copies the artifact it produced to one remote of the set's
/// <c>offsite</c> list, where the exporter will look for it (a file with <c>rclone copyto</c>, a directory with
/// <c>rclone copy</c>, both under the artifact's own name). A temporary failure (rclone's exit code 5) is retried with
/// the run's retry delay, doubling, up to <see cref="MaxAttempts"/> times. rclone's error line is redacted.
/// </summary>
internal static class OffsiteUpload
{
    public const int MaxAttempts = 4;
    public const string Copied = "copied";
    public const string Failed = "failed";

    public static async Task<RunStatusOffsiteCopy> CopyAsync(OffsiteConfig remote, BackupSetConfig set,
        ArtifactInfo artifact, TimeSpan retryDelay,
        TimeProvider clock, TextWriter messages, string prefix, CancellationToken stopping)
    {
        var relative = Path.GetRelativePath(set.Path, artifact.Path).Replace(Path.DirectorySeparatorChar, '/');
        var destination = OffsiteInspection.Join(remote.Remote, relative);
        string[] command = artifact.IsDirectory ? ["copy", artifact.Path, destination] : ["copyto", artifact.Path, destination];
        var started = clock.GetUtcNow();
        RcloneResult result;
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                result = await RcloneProcess.RunAsync(remote.RcloneConfig, remote.Timeout, command, static (_, _) =>
                    Task.CompletedTask, stopping);
            }
            catch (OperationCanceledException)
            {
                return Done(Failed, "stopped by a signal before the copy finished");
            }
            catch (InvalidOperationException e)
            {
                return Done(Failed, e.Message);
            }
            if (result.Ok || !result.Transient || attempt == MaxAttempts)
                break;
            var wait = RetryPolicy.Delay(retryDelay, attempt);
            messages.WriteLine($"{prefix}copy to {remote.Name}, attempt {attempt} of {MaxAttempts} failed ({result.Describe(command[0])}); "
                + $"retrying in {DurationParser.Format(wait)}");
            try
            {
                await Task.Delay(wait, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                return Done(Failed, "stopped by a signal before the copy finished");
            }
        }
        return result.Ok ? Done(Copied, null) : Done(Failed, result.Describe(command[0]));

        RunStatusOffsiteCopy Done(string outcome, string? error)
        {
            var ended = clock.GetUtcNow();
            return new RunStatusOffsiteCopy
            {
                Remote = remote.Name,
                Destination = destination,
                Outcome = outcome,
                Attempts = attempt,
                StartedAt = started,
                EndedAt = ended,
                DurationSeconds = Math.Round((ended - started).TotalSeconds, 3),
                Error = error,
            };
        }
    }
}
