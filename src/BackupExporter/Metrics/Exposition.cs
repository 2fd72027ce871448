using System.Globalization;
using System.Text;

namespace BackupExporter.Metrics;

/// <summary>The Prometheus text exposition format (version 0.0.4): samples, label escaping, numbers.</summary>
internal static class Exposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends <c>name{k="v",...} value\n</c>.</summary>
    public static void Sample(StringBuilder text, string name, double value, params (string Key, string Value)[] labels)
    {
        SeriesPrefix(text, name, labels);
        text.Append(Number(value)).Append('\n');
    }

    /// <summary>Appends <c>name{k="v",...} </c>, the part of a sample line before its value.</summary>
    public static void SeriesPrefix(StringBuilder text, string name, params (string Key, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    text.Append(',');
                text.Append(labels[i].Key).Append("=\"");
                EscapeLabel(text, labels[i].Value);
                text.Append('"');
            }
            text.Append('}');
        }
        text.Append(' ');
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static void EscapeLabel(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append("\\n"); break;
                default: text.Append(c); break;
            }
        }
    }
}
