using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace BackupExporter.Logging;

/// <summary>
/// Writes one JSON object per line with the same fields as the logfmt lines (<c>ts</c>, <c>level</c>, <c>logger</c>,
/// <c>msg</c>, <c>err</c>), so that a log shipper sees the same keys whichever format is chosen. Written with
/// Utf8JsonWriter: no reflection, as Native AOT needs.
/// </summary>
internal sealed class JsonConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "json-lines";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("ts", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            json.WriteString("level", LogfmtConsoleFormatter.Level(logEntry.LogLevel));
            json.WriteString("logger", LogfmtConsoleFormatter.ShortName(logEntry.Category));
            json.WriteString("msg", message);
            if (logEntry.Exception is { } e)
                json.WriteString("err", e.Message);
            json.WriteEndObject();
        }
        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
