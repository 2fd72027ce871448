using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace BackupExporter.Logging;

/// <summary>Writes <c>ts=... level=... logger=... msg="..."</c> lines, the format Prometheus components log in.</summary>
internal sealed class LogfmtConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "logfmt";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var line = new StringBuilder();
        line.Append("ts=").Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
        line.Append(" level=").Append(Level(logEntry.LogLevel));
        line.Append(" logger=").Append(Quote(ShortName(logEntry.Category)));
        line.Append(" msg=").Append(Quote(message));
        if (logEntry.Exception is { } e)
            line.Append(" err=").Append(Quote(e.Message));
        textWriter.WriteLine(line.ToString());
    }

    internal static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    internal static string ShortName(string category) => category[(category.LastIndexOf('.') + 1)..];

    private static string Quote(string value)
    {
        if (value.Length > 0 && !value.Any(c => c is ' ' or '"' or '=' || char.IsControl(c)))
            return value;
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
