using BackupExporter.Inspection.Logs;

namespace BackupExporter.Cli.Run;

/// <summary>The error lines of one attempt's stderr: a count per class (every class present) and the last few lines.</summary>
internal sealed record AttemptErrors(IReadOnlyDictionary<ErrorClass, long> Lines, IReadOnlyList<string> LastLines)
{
    public static readonly AttemptErrors None = new(ErrorClasses.All.ToDictionary(c => c, _ => 0L), []);

    public bool Any(ErrorClass c) => Lines[c] > 0;

    /// <summary>The classes seen, most lines first, as labels: "access_denied, other".</summary>
    public string Describe() => string.Join(", ", Lines.Where(l => l.Value > 0).OrderByDescending(l => l.Value)
        .Select(l => ErrorClasses.Label(l.Key)));
}
