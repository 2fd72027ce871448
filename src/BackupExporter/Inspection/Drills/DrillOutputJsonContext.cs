using System.Text.Json.Serialization;

namespace BackupExporter.Inspection.Drills;

/// <summary>The JSON of the <c>drill</c> command's <c>--output=json</c>: the record itself, in the history file's spelling.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DrillRecord))]
[JsonSerializable(typeof(string))]
internal sealed partial class DrillOutputJsonContext : JsonSerializerContext;
