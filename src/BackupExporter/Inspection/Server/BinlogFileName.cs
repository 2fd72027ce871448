using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupExporter.Inspection.Server;

/// <summary>A binary log's name, <c>base.NNNNNN</c>: the server numbers them in sequence, six digits or more.</summary>
internal sealed partial record BinlogFileName(string Name, string Base, long Number, int Digits)
{
    [GeneratedRegex(@"^(?<base>.+)\.(?<number>[0-9]{6,})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static BinlogFileName? Parse(string name)
    {
        var match = Pattern().Match(name);
        return match.Success
            && long.TryParse(match.Groups["number"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? new BinlogFileName(name, match.Groups["base"].Value, number, match.Groups["number"].Length)
            : null;
    }

    /// <summary>The name of the file <paramref name="offset"/> places after this one.</summary>
    public string After(long offset) => Base + "." + (Number + offset).ToString(new string('0', Digits), CultureInfo.InvariantCulture);
}
