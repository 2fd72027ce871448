using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupExporter.Configuration;

/// <summary>
/// Sizes with IEC units: B, KiB, MiB, GiB, TiB (case-insensitive: the "i" makes them unambiguous); a bare integer is bytes.
/// Decimal SI units (KB, MB, GB, ...) are refused rather than guessed, because 1MB and 1MiB differ by 5%.
/// </summary>
internal static partial class ByteSizeParser
{
    public const string Examples = "0, 512KiB, 1GiB";
    public const string UnitList = "B, KiB, MiB, GiB, TiB";

    private static readonly (string Unit, long Factor)[] Units =
    [
        ("TiB", 1L << 40),
        ("GiB", 1L << 30),
        ("MiB", 1L << 20),
        ("KiB", 1L << 10),
        ("B", 1L),
    ];

    private static readonly Dictionary<string, string> DecimalToIec = new(StringComparer.OrdinalIgnoreCase)
    {
        ["k"] = "KiB", ["kb"] = "KiB",
        ["m"] = "MiB", ["mb"] = "MiB",
        ["g"] = "GiB", ["gb"] = "GiB",
        ["t"] = "TiB", ["tb"] = "TiB",
    };

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SizeSyntax();

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong, quoting the text.</summary>
    public static bool TryParse(string text, out long bytes, [NotNullWhen(false)] out string? problem)
    {
        bytes = 0;
        problem = null;
        var match = SizeSyntax().Match(text);
        if (!match.Success)
        {
            problem = $"\"{text}\" is not a size (use e.g. {Examples}; units: {UnitList})";
            return false;
        }
        var number = match.Groups["number"].Value;
        var unitText = match.Groups["unit"].Value;
        if (match.Groups["sign"].Value == "-")
        {
            problem = $"\"{text}\" is negative; a size must be 0 or more";
            return false;
        }
        if (DecimalToIec.TryGetValue(unitText, out var iec))
        {
            problem = $"\"{text}\" uses a decimal (SI) unit; use the IEC unit {iec} instead, e.g. {number}{iec} (units: {UnitList})";
            return false;
        }

        var factor = 1L;
        if (unitText.Length > 0)
        {
            var index = Array.FindIndex(Units, u => string.Equals(u.Unit, unitText, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                problem = $"\"{text}\" has an unknown unit \"{unitText}\" (units: {UnitList})";
                return false;
            }
            factor = Units[index].Factor;
        }
        if (factor == 1 && number.Contains('.'))
        {
            problem = $"\"{text}\" is not a whole number of bytes";
            return false;
        }

        // Compared before multiplying: the product of a long number and TiB does not fit even in a decimal.
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > long.MaxValue / factor)
        {
            problem = $"\"{text}\" is too large (at most {long.MaxValue / factor}{(factor == 1 ? "B" : unitText)})";
            return false;
        }
        bytes = (long)decimal.Floor(value * factor);
        return true;
    }

    /// <summary>
    /// Exact and parseable: the largest unit that divides the value (<c>1536</c> → <c>"1536B"</c>, <c>1048576</c> → <c>"1MiB"</c>).
    /// </summary>
    public static string Format(long bytes)
    {
        if (bytes < 0) return "-" + Format(-bytes);
        if (bytes == 0) return "0B";
        foreach (var (unit, factor) in Units)
        {
            if (bytes % factor == 0) return $"{bytes / factor}{unit}";
        }
        return $"{bytes}B";
    }

    /// <summary>For people: the largest unit not above the value, two decimals at most (<c>1.5GiB</c>).</summary>
    public static string FormatHuman(long bytes)
    {
        if (bytes < 0) return "-" + FormatHuman(-bytes);
        foreach (var (unit, factor) in Units)
        {
            if (bytes >= factor) return ((decimal)bytes / factor).ToString("0.##", CultureInfo.InvariantCulture) + unit;
        }
        return "0B";
    }
}
