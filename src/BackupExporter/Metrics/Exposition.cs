using System.Globalization;

namespace BackupExporter.Metrics;

/// <summary>The Prometheus text exposition format (version 0.0.4): its content type, HELP escaping, numbers. Sample
/// lines and label escaping are written by <see cref="SeriesGroup"/>.</summary>
internal static class Exposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Room enough for any number <see cref="Number"/> writes.</summary>
    public const int MaxNumberBytes = 32;

    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\").Replace("\n", "\\n");

    /// <summary>Writes a value as UTF-8: shortest round-trip digits, or +Inf, -Inf, NaN; returns the bytes written.</summary>
    public static int Number(double value, Span<byte> into)
    {
        ReadOnlySpan<byte> special = value switch
        {
            double.PositiveInfinity => "+Inf"u8,
            double.NegativeInfinity => "-Inf"u8,
            _ when double.IsNaN(value) => "NaN"u8,
            _ => [],
        };
        if (!special.IsEmpty)
        {
            special.CopyTo(into);
            return special.Length;
        }
        value.TryFormat(into, out var written, provider: CultureInfo.InvariantCulture);
        return written;
    }
}
