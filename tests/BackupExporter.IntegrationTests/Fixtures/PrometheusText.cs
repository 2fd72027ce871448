using System.Globalization;
using System.Text;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>A sample of the Prometheus text exposition format.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Parses /metrics text, so that tests assert on series rather than on substrings.</summary>
public sealed class PrometheusText
{
    public PrometheusText(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            samples.Add(ParseLine(line));
        }
        Samples = samples;
    }

    public IReadOnlyList<Sample> Samples { get; }

    public IEnumerable<Sample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The value of the one series with this name whose labels include all given pairs; null when none.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels)
    {
        var matches = Named(name).Where(s => labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        if (matches.Count > 1)
            throw new InvalidOperationException($"{matches.Count} series of {name} match {string.Join(',', labels)}");
        return matches.Count == 0 ? null : matches[0].Value;
    }

    private static Sample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>();
        var brace = line.IndexOf('{');
        var space = line.IndexOf(' ');
        string name;
        int valueStart;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq].Trim().TrimStart(',').Trim();
                i = eq + 2; // skip ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                    i++;
                }
                labels[key] = value.ToString();
                i++; // closing quote
                if (line[i] == ',')
                    i++;
            }
            valueStart = i + 1;
        }
        else
        {
            name = line[..space];
            valueStart = space;
        }
        var valueText = line[valueStart..].Trim().Split(' ')[0];
        var parsed = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(valueText, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, parsed);
    }
}
