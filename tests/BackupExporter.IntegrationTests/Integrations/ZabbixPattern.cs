using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// The part of Zabbix's Prometheus pattern language the template uses, as Zabbix applies it to /metrics text:
/// <c>name{label="v",label!="v",label=~"re",label!~"re"}</c>, the name optional, optionally followed by
/// <c>== value</c>; regular expressions match the whole label value.
/// </summary>
public sealed partial class ZabbixPattern
{
    private readonly string? _name;
    private readonly List<(string Label, string Op, string Value)> _matchers = [];
    private readonly double? _equals;

    public ZabbixPattern(string pattern)
    {
        var m = Syntax().Match(pattern);
        if (!m.Success)
            throw new FormatException($"not a Prometheus pattern: {pattern}");
        _name = m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value : null;
        foreach (Match l in Matcher().Matches(m.Groups["labels"].Value))
            _matchers.Add((l.Groups["label"].Value, l.Groups["op"].Value, Regex.Unescape(l.Groups["value"].Value)));
        if (m.Groups["labels"].Value.Length > 0 && Matcher().Replace(m.Groups["labels"].Value, "").Trim(' ', ',').Length > 0)
            throw new FormatException($"cannot read the label matchers of {pattern}");
        if (m.Groups["value"].Success)
            _equals = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        if (_name is null && _matchers.Count == 0)
            throw new FormatException($"a pattern needs a name or a label matcher: {pattern}");
    }

    /// <summary>The metric name the pattern selects, when it names one.</summary>
    public string? Name => _name;

    public IEnumerable<Sample> Select(PrometheusText metrics) => metrics.Samples.Where(Matches);

    public bool Matches(Sample s) =>
        (_name is null || s.Name == _name)
        && _matchers.All(m =>
        {
            var actual = m.Label == "__name__" ? s.Name : s.Labels.GetValueOrDefault(m.Label, "");
            return m.Op switch
            {
                "=" => actual == m.Value,
                "!=" => actual != m.Value,
                "=~" => Regex.IsMatch(actual, "^(?:" + m.Value + ")$"),
                "!~" => !Regex.IsMatch(actual, "^(?:" + m.Value + ")$"),
                _ => throw new FormatException(m.Op),
            };
        })
        && (_equals is null || s.Value.Equals(_equals.Value));

    [GeneratedRegex(@"^\s*(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(\{(?<labels>[^}]*)\})?\s*(==\s*(?<value>[-+0-9.eE]+))?\s*$")]
    private static partial Regex Syntax();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();
}
