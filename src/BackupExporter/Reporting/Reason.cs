using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupExporter.Reporting;

/// <summary>
/// One reason why a set is not OK, in plain words, with the section of docs/runbooks.md that says how to fix it.
/// Written as its text alone in JSON and text output, so /api/v1/status keeps its shape.
/// </summary>
[JsonConverter(typeof(ReasonAsText))]
internal sealed record Reason(string Text, string Runbook)
{
    public override string ToString() => Text;

    internal sealed class ReasonAsText : JsonConverter<Reason>
    {
        public override Reason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString() ?? "", Runbooks.BeforeAnythingElse);

        public override void Write(Utf8JsonWriter writer, Reason value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Text);
    }
}
