namespace BackupExporter.Inspection.Logs;

/// <summary>
/// The time at the start of a log line, in the shapes the tools write (REFERENCE.md): mariabackup's
/// <c>[00] 2026-11-24 23:55:22</c>; MariaDB's <c>2020-06-15  0:24:09</c> (space-padded hour) and old
/// <c>200615  0:24:09</c>; MySQL 8's <c>2020-08-06T14:25:02.835618Z</c> or with <c>±hh:mm</c>; syslog's
/// <c>Nov 24 02:00:01</c> (no year: the one that puts it closest before the reference time). Times without a zone
/// are in <c>zone</c>, the time zone of the machine that wrote the log. Hand-written: it runs on every line.
/// </summary>
internal static class LineTimestamp
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static bool TryParse(ReadOnlySpan<char> line, TimeZoneInfo zone, DateTimeOffset reference, out DateTimeOffset time)
    {
        time = default;
        if (line.Length < 15)
            return false;
        if (line[0] == '[' && line.Length > 5 && line[3] == ']' && line[4] == ' ')
            line = line[5..]; // xtrabackup thread number
        if (line.Length < 15)
            return false;
        var c = line[0];
        if (c is >= '0' and <= '9')
            return Numeric(line, zone, out time);
        if (c is >= 'A' and <= 'Z')
            return Syslog(line, zone, reference, out time);
        return false;
    }

    private static bool Numeric(ReadOnlySpan<char> s, TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = default;
        int year, month, day, rest;
        if (s.Length >= 19 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T'))
        {
            if (!Digits(s, 0, 4, out year) || !Digits(s, 5, 2, out month) || !Digits(s, 8, 2, out day))
                return false;
            rest = 11;
        }
        else if (s[6] == ' ' && Digits(s, 0, 2, out var yy) && Digits(s, 2, 2, out month) && Digits(s, 4, 2, out day))
        {
            year = 2000 + yy; // YYMMDD: MariaDB before 10.1 and crash headers
            rest = 7;
        }
        else
        {
            return false;
        }
        if (!Clock(s, ref rest, out var hour, out var minute, out var second))
            return false;
        var ticks = 0L;
        if (rest < s.Length && s[rest] == '.')
        {
            var digits = 0;
            for (rest++; rest < s.Length && s[rest] is >= '0' and <= '9'; rest++, digits++)
            {
                if (digits < 7)
                    ticks = ticks * 10 + (s[rest] - '0');
            }
            for (; digits < 7; digits++)
                ticks *= 10;
        }
        TimeSpan? offset = null;
        if (rest < s.Length && s[rest] == 'Z')
            offset = TimeSpan.Zero;
        else if (rest + 6 <= s.Length && s[rest] is '+' or '-' && s[rest + 3] == ':'
                 && Digits(s, rest + 1, 2, out var oh) && Digits(s, rest + 4, 2, out var om))
            offset = (s[rest] == '-' ? -1 : 1) * new TimeSpan(oh, om, 0);
        return Build(year, month, day, hour, minute, second, ticks, offset, zone, out time);
    }

    private static bool Syslog(ReadOnlySpan<char> s, TimeZoneInfo zone, DateTimeOffset reference, out DateTimeOffset time)
    {
        time = default;
        var month = 0;
        for (var i = 0; i < Months.Length && month == 0; i++)
        {
            if (s.StartsWith(Months[i], StringComparison.Ordinal))
                month = i + 1;
        }
        if (month == 0 || s[3] != ' ')
            return false;
        int day;
        if (s[4] == ' ' && Digits(s, 5, 1, out var d1))
            day = d1;
        else if (!Digits(s, 4, 2, out day))
            return false;
        if (s[6] != ' ')
            return false;
        var rest = 7;
        if (!Clock(s, ref rest, out var hour, out var minute, out var second))
            return false;
        var local = TimeZoneInfo.ConvertTime(reference, zone);
        if (!Build(local.Year, month, day, hour, minute, second, 0, null, zone, out time))
            return false;
        if (time > reference.AddDays(1)) // "Dec 31" read in January
            return Build(local.Year - 1, month, day, hour, minute, second, 0, null, zone, out time);
        return true;
    }

    /// <summary><c>HH:MM:SS</c> or <c> H:MM:SS</c> at <paramref name="at"/>; moves past it.</summary>
    private static bool Clock(ReadOnlySpan<char> s, ref int at, out int hour, out int minute, out int second)
    {
        minute = second = 0;
        if (at + 8 > s.Length)
        {
            hour = 0;
            return false;
        }
        var hourOk = s[at] == ' ' ? Digits(s, at + 1, 1, out hour) : Digits(s, at, 2, out hour);
        if (!hourOk || s[at + 2] != ':' || s[at + 5] != ':' || !Digits(s, at + 3, 2, out minute) || !Digits(s, at + 6, 2, out second))
            return false;
        at += 8;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int at, int count, out int value)
    {
        value = 0;
        if (at + count > s.Length)
            return false;
        for (var i = at; i < at + count; i++)
        {
            var c = s[i];
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static bool Build(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan? offset,
        TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = default;
        if (month is < 1 or > 12 || day < 1 || year is < 1970 or > 9999 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
            return false;
        var clock = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified).AddTicks(ticks);
        if (offset is { } o)
        {
            if (o.Duration() > TimeSpan.FromHours(14))
                return false;
            time = new DateTimeOffset(clock, o);
            return true;
        }
        // In a gap of a daylight-saving change the wall clock does not exist; read it as standard time.
        time = new DateTimeOffset(clock, zone.IsInvalidTime(clock) ? zone.BaseUtcOffset : zone.GetUtcOffset(clock));
        return true;
    }
}
