using System.Globalization;
using System.Text;
using BackupExporter.Configuration;
using BackupExporter.Platform;

namespace BackupExporter.Reporting;

/// <summary>A drill in one line of plain text, for <c>verify</c>: verdict, end, restore time against the rto, counts.</summary>
internal static class DrillText
{
    public static string Line(DrillRunReport drill, double? rtoSeconds)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{drill.Verdict.ToUpperInvariant()} at {drill.Ended:u}");
        if (drill.TotalSeconds is { } total)
            text.Append(", took ").Append(Format(total)).Append(rtoSeconds is { } rto ? $" (rto {Format(rto)})" : "");
        if (drill.Tables is { } tables)
            text.Append(CultureInfo.InvariantCulture, $", {tables} tables, {drill.Rows} rows");
        if (drill.Artifact is { } artifact)
            text.Append(", ").Append(ControlCharacters.Escape(Path.GetFileName(artifact)));
        foreach (var skipped in drill.Skipped)
            text.Append(", skipped the newer ").Append(ControlCharacters.Escape(Path.GetFileName(skipped.Artifact)));
        if (drill.Error is { } error)
            text.Append(": ").Append(ControlCharacters.Escape(error));
        return text.ToString();
    }

    public static string Format(double seconds) => DurationParser.Format(TimeSpan.FromSeconds(Math.Round(seconds)));
}
