using System.Globalization;
using System.Text;

namespace BackupExporter.Inspection.Logs;

/// <summary>A start or end line that <c>backup-exporter run</c> writes around a command's stderr in the set's log.</summary>
internal sealed record RunMarker
{
    public required bool IsStart { get; init; }

    public required string Backup { get; init; }

    public int? Pid { get; init; }

    public required int Attempt { get; init; }

    public int? ExitCode { get; init; }

    public string? Signal { get; init; }

    public bool TimedOut { get; init; }

    public double? DurationSeconds { get; init; }

    public DateTimeOffset? At { get; init; }
}

/// <summary>
/// The marker lines, one per line, space-separated <c>key=value</c> (values never contain spaces: backup names are
/// label values):
/// <code>
/// # backup-exporter run start backup=nightly pid=4242 attempt=1 at=2026-11-24T02:00:00.123Z
/// # backup-exporter run end backup=nightly pid=4242 attempt=1 exit=2 signal=none timeout=0 duration=12.503 at=2026-11-24T02:00:12.626Z
/// </code>
/// <c>signal</c> is the name of the signal that ended the command (<c>KILL</c>, <c>TERM</c>) or <c>none</c>; an exit
/// status of 128+N from a shell is reported as signal N too. Unknown keys are ignored, so fields can be added.
/// </summary>
internal static class RunMarkers
{
    public const string Prefix = "# backup-exporter run ";

    public static string Start(string backup, int pid, int attempt, DateTimeOffset at) =>
        $"{Prefix}start backup={backup} pid={pid} attempt={attempt} at={Format(at)}";

    public static string End(string backup, int pid, int attempt, int exitCode, string? signal, bool timedOut,
        TimeSpan duration, DateTimeOffset at) =>
        $"{Prefix}end backup={backup} pid={pid} attempt={attempt} exit={exitCode} signal={signal ?? "none"} timeout={(timedOut ? 1 : 0)} " +
        $"duration={duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} at={Format(at)}";

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
        CultureInfo.InvariantCulture);

    /// <returns>the marker, or null when the line is not a well-formed one</returns>
    public static RunMarker? Parse(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = line[Prefix.Length..];
        bool isStart;
        if (rest.StartsWith("start ", StringComparison.Ordinal))
            isStart = true;
        else if (rest.StartsWith("end ", StringComparison.Ordinal))
            isStart = false;
        else
            return null;
        string? backup = null, signal = null;
        int? pid = null, exit = null;
        var attempt = 1;
        var timedOut = false;
        double? duration = null;
        DateTimeOffset? at = null;
        foreach (var range in rest.Split(' '))
        {
            var field = rest[range];
            var eq = field.IndexOf('=');
            if (eq <= 0)
                continue;
            var value = field[(eq + 1)..];
            switch (field[..eq])
            {
                case "backup": backup = value.ToString(); break;
                case "pid": pid = Int(value); break;
                case "attempt": attempt = Int(value) ?? 1; break;
                case "exit": exit = Int(value); break;
                case "signal": signal = value is "none" or "" ? null : value.ToString(); break;
                case "timeout": timedOut = value is "1"; break;
                case "duration": duration = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture,
                    out var d) ? d : null; break;
                case "at": at = DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                    out var t) ? t : null; break;
            }
        }
        return backup is null ? null : new RunMarker
        {
            IsStart = isStart, Backup = backup, Pid = pid, Attempt = attempt, ExitCode = exit, Signal = signal, TimedOut = timedOut,
            DurationSeconds = duration, At = at,
        };
    }

    private static int? Int(ReadOnlySpan<char> value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Signal names by number for the Linux signals a backup command meets.</summary>
    public static string? SignalName(int signal) => signal switch
    {
        1 => "HUP",
        2 => "INT",
        3 => "QUIT",
        6 => "ABRT",
        9 => "KILL",
        11 => "SEGV",
        13 => "PIPE",
        14 => "ALRM",
        15 => "TERM",
        24 => "XCPU",
        25 => "XFSZ",
        _ => signal is > 0 and < 65 ? signal.ToString(CultureInfo.InvariantCulture) : null,
    };

    /// <summary>A marker's value never holds a space or a newline; anything else in a backup name is kept.</summary>
    public static string Sanitize(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
            text.Append(char.IsWhiteSpace(c) ? '_' : c);
        return text.ToString();
    }
}
