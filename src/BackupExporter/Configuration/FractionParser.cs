using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BackupExporter.Configuration;

/// <summary>
/// A share strictly between 0 and 1, written as a percentage (<c>50%</c>) or a fraction (<c>0.5</c>). Used by <c>max_shrink</c>.
/// </summary>
internal static class FractionParser
{
    public const string Examples = "50% or 0.5";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong, quoting the text.</summary>
    public static bool TryParse(string text, out double fraction, [NotNullWhen(false)] out string? problem)
    {
        fraction = 0;
        problem = null;
        var isPercentage = text.EndsWith('%');
        var number = (isPercentage ? text[..^1] : text).Trim();
        var negative = number.StartsWith('-');
        if (negative) number = number[1..];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            problem = $"\"{text}\" is not a percentage or a fraction (use e.g. {Examples})";
            return false;
        }
        if (!isPercentage && value > 1 && !negative)
        {
            problem = $"\"{text}\" is more than 1; write a percentage with % (e.g. {number}%) or a fraction (e.g. 0.5)";
            return false;
        }
        fraction = (negative ? -value : value) / (isPercentage ? 100 : 1);
        if (fraction <= 0 || fraction >= 1)
        {
            problem = $"\"{text}\" must be more than 0% and less than 100%";
            return false;
        }
        return true;
    }

    /// <summary>As a percentage, e.g. <c>0.5</c> → <c>"50%"</c>.</summary>
    public static string Format(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
