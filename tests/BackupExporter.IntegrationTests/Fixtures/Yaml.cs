using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>YAML read as plain maps, lists and strings, for tests that look into rule files and templates.</summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static object? Load(string path) => Deserialize(File.ReadAllText(path));

    public static object? Deserialize(string yaml) => Deserializer.Deserialize<object?>(yaml);

    public static IEnumerable<object?> LoadAll(string path)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(File.ReadAllText(path)));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
            yield return Deserializer.Deserialize<object?>(parser);
    }

    public static IReadOnlyDictionary<string, object?> Map(object? node) =>
        node is Dictionary<object, object?> d ? d.ToDictionary(kv => (string)kv.Key, kv => kv.Value) : new Dictionary<string, object?>();

    public static IReadOnlyList<object?> List(object? node) => node as List<object?> ?? [];

    public static object? Get(object? node, string key) => Map(node).GetValueOrDefault(key);

    public static string? Str(object? node, string key) => Get(node, key) as string;

    public static IEnumerable<IReadOnlyDictionary<string, object?>> Maps(object? node, string key) => List(Get(node, key)).Select(Map);
}
