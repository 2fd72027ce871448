using BackupExporter.Configuration;
using System.Text;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// The set's backup log as a witness for <c>complete</c>: XtraBackup and mariabackup end a successful run with
/// <c>completed OK!</c>. Only the last 4 KiB are read, and only when the log changed. The log judges the newest
/// finished backup only when it was last written during that backup's run (from its start to a few minutes after
/// its end): a log written later belongs to a later run, whose failure is not this backup's.
/// </summary>
internal sealed class CompletionLog(string path)
{
    public const string SuccessLine = "completed OK!";
    private const int TailBytes = 4096;
    private static readonly TimeSpan AfterEnd = TimeSpan.FromMinutes(10);

    private (long Size, DateTime Modified) _seen;
    private string _tail = "";

    public IReadOnlyList<ArtifactObservation> Apply(IReadOnlyList<ArtifactObservation> artifacts)
    {
        var newestIndex = -1;
        for (var i = artifacts.Count - 1; i >= 0; i--)
            if (!artifacts[i].InProgress) { newestIndex = i; break; }
        if (newestIndex < 0 || newestIndex < artifacts.Count - 1) // none finished, or a newer run is still writing
            return artifacts;
        var newest = artifacts[newestIndex];
        if (newest.Facts is not { StartedAt: { } start } facts || !newest.Checks.TryGetValue(CheckNames.Complete,
            out var complete) || !complete.Ok)
            return artifacts;

        var info = new FileInfo(path);
        if (!info.Exists)
            return artifacts;
        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (modified < start || modified > (facts.EndedAt ?? newest.ModifiedTime) + AfterEnd)
            return artifacts;
        var tail = Tail(info);
        if (tail.Contains(SuccessLine, StringComparison.Ordinal))
            return artifacts;

        var lastLine = tail.TrimEnd().Split('\n').LastOrDefault()?.Trim() ?? "";
        var judged = artifacts.ToList();
        judged[newestIndex] = newest with
        {
            Checks = CheckTable.From(newest.Checks).With(CheckNames.Complete, CheckResult.Fail($"the backup log {path} does not end with "
                + $"'{SuccessLine}' (last line: \"{(lastLine.Length > 200 ? lastLine[..200] + "…" : lastLine)}\")")),
        };
        return judged;
    }

    private string Tail(FileInfo info)
    {
        var seen = (info.Length, info.LastWriteTimeUtc);
        if (seen == _seen)
            return _tail;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = (int)Math.Min(stream.Length, TailBytes);
            stream.Seek(-length, SeekOrigin.End);
            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            _tail = Encoding.UTF8.GetString(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _tail = SuccessLine; // an unreadable log is no evidence against the backup; the log inspection reports it
        }
        _seen = seen;
        return _tail;
    }
}
