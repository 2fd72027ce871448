using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>The Zabbix frontend's JSON-RPC API (<c>api_jsonrpc.php</c>), as a user's script would call it.</summary>
public sealed class ZabbixApi(HttpClient http) : IDisposable
{
    private string? _auth;
    private int _id;

    /// <summary>The API's answer to a call: its result, or the error Zabbix gave (message and data).</summary>
    public sealed record Answer(JsonNode? Result, string? Error);

    public async Task LoginAsync(string username, string password) =>
        _auth = (string)(await CallAsync("user.login", new JsonObject { ["username"] = username, ["password"] = password }))!;

    /// <summary>Calls <paramref name="method"/>; fails with Zabbix's own error message when it refuses.</summary>
    public async Task<JsonNode?> CallAsync(string method, JsonObject parameters)
    {
        var answer = await TryCallAsync(method, parameters);
        return answer.Error is null ? answer.Result : throw new InvalidOperationException($"{method}: {answer.Error}");
    }

    public async Task<Answer> TryCallAsync(string method, JsonObject parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters, ["id"] = ++_id };
        if (_auth is not null && method != "user.login" && method != "apiinfo.version")
            request["auth"] = _auth;
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json-rpc");
        using var response = await http.PostAsync("/api_jsonrpc.php", content);
        var body = await response.Content.ReadAsStringAsync();
        JsonNode? reply;
        try
        {
            reply = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{method}: HTTP {(int)response.StatusCode}, not JSON-RPC: {body}");
        }
        return reply?["error"] is { } error
            ? new Answer(null, $"{error["message"]} {error["data"]}")
            : new Answer(reply?["result"], null);
    }

    public void Dispose() => http.Dispose();
}
