using System.Text.RegularExpressions;

namespace BackupExporter.IntegrationTests.Alerting;

/// <summary>Just enough of PromQL for the tests: the metric and recording-rule names an expression reads.</summary>
public static partial class PromQl
{
    /// <summary>Names the expression selects: identifiers outside strings, of the exporter's namespaces or Prometheus' own.</summary>
    public static IReadOnlySet<string> Names(string expr)
    {
        var code = Strings().Replace(expr, "\"\"");
        code = Durations().Replace(code, "[]");
        return Identifiers().Matches(code).Select(m => m.Value)
            .Where(n => n.StartsWith("mysql_backup", StringComparison.Ordinal)
                || n.StartsWith("process_", StringComparison.Ordinal) || n == "up")
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A recording rule's name has a colon; an exporter's metric never does.</summary>
    public static bool IsRecorded(string name) => name.Contains(':', StringComparison.Ordinal);

    /// <summary>Grafana's variables replaced with values Prometheus accepts.</summary>
    public static string WithoutGrafanaVariables(string expr) => GrafanaVariable().Replace(expr, m => m.Groups[1].Value
        + m.Groups[2].Value switch
    {
        "__rate_interval" or "__interval" => "5m",
        "__range" => "1d",
        "__range_s" => "86400",
        "backup" => "nightly",
        "server" => "primary",
        "instance" => "db1:9407",
        "group" => "team",
        "team" => "payments",
        "region" => "eu",
        "env" => "prod",
        var other => throw new InvalidOperationException($"unknown Grafana variable ${other} in {expr}"),
    });

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Durations();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();

    // $name or ${name}, but not $1 (label_replace's group references).
    [GeneratedRegex(@"(^|[^\\])\$\{?([a-zA-Z_][a-zA-Z0-9_]*)\}?")]
    private static partial Regex GrafanaVariable();
}
