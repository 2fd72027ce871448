using System.Globalization;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// A cron line in a syslog: Debian's <c>CRON[pid]: (user) CMD (command)</c> and
/// <c>CRON[parent]: (CRON) error (grandchild #pid failed with exit status N)</c>, cronie's <c>crond[pid]:</c>. The
/// grandchild number is the pid of the job's CMD line; the parent that reports it usually has the pid before it.
/// </summary>
internal readonly record struct CronLine(int Pid, bool IsCommand, string? Command, int? FailedChild, int? ExitStatus)
{
    public static CronLine? Parse(ReadOnlySpan<char> line)
    {
        var at = line.IndexOf("CRON[", StringComparison.Ordinal);
        if (at < 0)
            at = line.IndexOf("cron[", StringComparison.OrdinalIgnoreCase);
        var length = 5;
        if (at < 0)
        {
            at = line.IndexOf("crond[", StringComparison.Ordinal);
            length = 6;
        }
        if (at < 0)
            return null;
        var rest = line[(at + length)..];
        var close = rest.IndexOf("]:", StringComparison.Ordinal);
        if (close <= 0 || !int.TryParse(rest[..close], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return null;
        rest = rest[(close + 2)..];
        var cmd = rest.IndexOf(") CMD (", StringComparison.Ordinal);
        if (cmd >= 0)
        {
            var command = rest[(cmd + 7)..];
            return new CronLine(pid, true, (command.EndsWith(')') ? command[..^1] : command).ToString(), null, null);
        }
        var grandchild = rest.IndexOf("grandchild #", StringComparison.Ordinal);
        if (grandchild < 0)
            return new CronLine(pid, false, null, null, null);
        var number = rest[(grandchild + 12)..];
        var end = number.IndexOf(' ');
        int? child = end > 0 && int.TryParse(number[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        var status = rest.IndexOf("exit status ", StringComparison.Ordinal);
        int? exit = null;
        if (status >= 0)
        {
            var digits = rest[(status + 12)..];
            var stop = digits.IndexOfAnyExceptInRange('0', '9');
            if (int.TryParse(stop < 0 ? digits : digits[..stop], NumberStyles.None, CultureInfo.InvariantCulture, out var e))
                exit = e;
        }
        return new CronLine(pid, false, null, child, exit);
    }

    /// <summary>Whether this line speaks of the job whose CMD line had <paramref name="commandPid"/>.</summary>
    public bool Concerns(int commandPid) => Pid == commandPid || Pid == commandPid - 1 || FailedChild == commandPid;
}
