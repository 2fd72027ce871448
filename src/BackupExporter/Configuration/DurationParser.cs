using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BackupExporter.Configuration;

/// <summary>
/// Prometheus-style durations: a sequence of number+unit from largest to smallest unit, each unit at most once
/// (<c>90s</c>, <c>1h30m</c>, <c>7d</c>). Units: ms, s, m, h, d, w (7d), y (365d).
/// </summary>
internal static class DurationParser
{
    public const string Examples = "90s, 30m, 2h, 7d";

    // Largest first: Prometheus requires this order, which also makes each unit appear at most once.
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    /// <summary>
    /// The longest duration accepted: far beyond any real setting, and short enough that a time plus or minus it
    /// stays a representable date (TimeSpan itself reaches 29,000 years, which overflows DateTimeOffset).
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(100 * 365);

    /// <summary>The longest wait a .NET timer takes (2^32-2 ms, 49.7 days): the limit of intervals and timeouts.</summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromDays(49);

    private static readonly long MaxMilliseconds = (long)Longest.TotalMilliseconds;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong, quoting the text.</summary>
    public static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? problem)
    {
        value = TimeSpan.Zero;
        problem = null;
        if (text.StartsWith('-'))
        {
            problem = $"\"{text}\" is negative; a duration must be 0 or more";
            return false;
        }
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            problem = $"\"{text}\" has no unit; add one, e.g. {text}s (units: ms, s, m, h, d, w, y)";
            return false;
        }

        long total = 0;
        var position = 0;
        var nextUnit = 0;
        while (position < text.Length)
        {
            var numberStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position])) position++;
            if (unitStart == numberStart || position == unitStart)
                return NotADuration(text, out problem);

            var unit = text[unitStart..position];
            var index = Array.FindIndex(Units, nextUnit, u => u.Unit == unit);
            if (index < 0)
                return NotADuration(text, out problem);
            nextUnit = index + 1;

            if (!long.TryParse(text.AsSpan(numberStart, unitStart - numberStart), out var number)
                || number > (MaxMilliseconds - total) / Units[index].Milliseconds)
            {
                problem = $"\"{text}\" is too long (at most {Format(Longest)})";
                return false;
            }
            total += number * Units[index].Milliseconds;
        }
        if (text.Length == 0)
            return NotADuration(text, out problem);

        value = TimeSpan.FromTicks(total * TimeSpan.TicksPerMillisecond);
        return true;
    }

    /// <summary>
    /// As <see cref="TryParse"/>, for a duration a timer waits (an interval, a timeout): at most <see cref="LongestTimer"/>.
    /// </summary>
    public static bool TryParseTimer(string text, out TimeSpan value, [NotNullWhen(false)] out string? problem)
    {
        if (!TryParse(text, out value, out problem)) return false;
        if (value <= LongestTimer) return true;
        problem = $"\"{text}\" is too long for an interval or a timeout (at most {Format(LongestTimer)})";
        value = TimeSpan.Zero;
        return false;
    }

    /// <summary>
    /// Formats like Prometheus does (<c>1h30m</c>, <c>0s</c>); the result parses back to the same value (to the millisecond).
    /// </summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero) return "-" + Format(value.Duration());
        var remaining = value.Ticks / TimeSpan.TicksPerMillisecond;
        if (remaining == 0) return "0s";
        var text = new StringBuilder();
        foreach (var (unit, milliseconds) in Units)
        {
            if (remaining < milliseconds) continue;
            text.Append(remaining / milliseconds).Append(unit);
            remaining %= milliseconds;
        }
        return text.ToString();
    }

    private static bool NotADuration(string text, out string problem)
    {
        problem = $"\"{text}\" is not a duration (use e.g. {Examples})";
        return false;
    }
}
