using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BackupExporter.Reporting;

/// <summary>The JSON shape shared by /api/v1/status and <c>verify --output=json</c>: snake_case, enums as strings.</summary>
internal static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // served as application/json, never inlined in HTML
        Converters = { new JsonStringEnumConverter<Severity>(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Metadata generated at compile time: the native (AOT) build cannot reflect over the records at run time.
        TypeInfoResolver = ReportJsonContext.Default,
    };

    private static readonly JsonTypeInfo<StatusReport> ReportInfo = (JsonTypeInfo<StatusReport>)Options.GetTypeInfo(typeof(StatusReport));

    public static string Serialize(StatusReport report) => JsonSerializer.Serialize(report, ReportInfo);
}

[JsonSerializable(typeof(StatusReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
