using System.Text.Json;
using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Artifacts.Logical;

/// <summary>
/// <c>kind: mysqlsh</c>: a MySQL Shell <c>util.dumpInstance</c> / <c>dumpSchemas</c> directory. <c>@.json</c> is
/// written at the start (binlog coordinates, GTID set, begin time), <c>@.done.json</c> last (end time, bytes): a
/// dump without <c>@.done.json</c> did not finish.
/// </summary>
internal sealed class MysqlshDumpReader : IDirectoryArtifactReader
{
    public const string Start = "@.json";
    public const string Done = "@.done.json";

    public DirectoryVerdict Read(string directory, DirectoryWalk walk, TimeZoneInfo zone)
    {
        JsonElement? start = walk.Contains(Start) ? ReadJson(Path.Combine(directory, Start), out _) : null;
        string? doneProblem = null;
        JsonElement? done = walk.Contains(Done) ? ReadJson(Path.Combine(directory, Done), out doneProblem) : null;

        var facts = new ArtifactFacts(done is not null, String(done, "end"), String(start, "dumper") ?? "mysqlsh",
            String(start, "serverVersion"), String(start, "binlogFile"), Long(start, "binlogPosition"), String(start, "gtidExecuted"))
        {
            StartedAt = ToolTime.Parse(String(start, "begin"), zone),
            EndedAt = ToolTime.Parse(String(done, "end"), zone),
        };
        CheckResult complete;
        if (!walk.Contains(Done))
            complete = CheckResult.Fail($"no {Done} in {directory}: MySQL Shell did not finish the dump (it writes {Done} last)");
        else if (done is null)
            complete = CheckResult.Fail($"{Path.Combine(directory, Done)} is not valid JSON ({doneProblem}): the dump did "
                + $"not finish writing it");
        else if (start is null)
            complete = CheckResult.Fail($"no readable {Start} in {directory}: the dump's description is missing");
        else
            complete = CheckResult.Pass($"dump finished at {facts.CompletedAt ?? "(no end time)"}"
                + (Long(done, "dataBytes") is { } bytes ? $", {bytes} bytes of data" : ""));
        return new DirectoryVerdict(complete, facts);
    }

    private static JsonElement? ReadJson(string path, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return null;
        }
    }

    private static string? String(JsonElement? json, string key) =>
        json is { } j && j.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement? json, string key) =>
        json is { } j && j.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
