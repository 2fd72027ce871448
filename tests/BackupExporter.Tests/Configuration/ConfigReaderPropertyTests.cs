using BackupExporter.Configuration;
using BackupExporter.Tests.Support;
using BackupExporter.Web.Security;
using FsCheck;
using FsCheck.Fluent;

namespace BackupExporter.Tests.Configuration;

/// <summary>
/// Random files built from the values that break readers: numbers, sizes and durations at and past their limits,
/// nesting near and far beyond the limit, truncation. Every file ends in a valid configuration or in errors that
/// each name the file and a line, never in an exception (nor in the loader's last-resort "internal error").
/// </summary>
[Subject(typeof(ConfigLoader))]
public sealed class ConfigReaderPropertyTests
{
    private const string Source = "/etc/backup-exporter/fuzzed.yml";

    /// <summary>Values at the edges: each reader must take or refuse them, never throw.</summary>
    private static readonly string[] Edges =
    [
        "0", "1", "-1", "+1", "00", "1.5", "1e400", "-1e400", "NaN", "Infinity", ".inf", "-.inf", "0x10", "1_000",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "99999999999999999999",
        "79228162514264337593543950336", new string('9', 400), "8388607TiB", "8388608TiB", "99999999999999999999TiB",
        "9007199254740991KiB", "9007199254740992KiB", "0.5KiB", "1.0000000000000000000000001TiB", "1GiB", "1MB", "-0B",
        "0s", "1ms", "49d", "7w", "49d1ms", "100y", "101y", "99999999999y", "9223372036854775807ms", "1h1h", "30m1h",
        "0%", "100%", "99.9999999999999999%", "1e-400%", "50%", "0.5", "1.0", "-50%", "1e308%",
        "\"\"", "~", "null", "[]", "{}", "&a x", "*a", "!!binary AA==", "'quoted'", "\"\\u0000\"", "|\n  block",
        "\"0 2 * * *\"", "\"* * * * * * *\"", "\"61 * * * *\"", "/", "/dev/null", "relative/path", "\"a\\nb\"",
    ];

    private static readonly string[] BackupKeys =
        ["name", "kind", "path", "pattern", "schedule", "grace", "min_size", "max_shrink", "interval", "timeout", "settle_time",
            "checksum"];

    private static readonly string[] DrillKeys = ["max_disk", "memory_limit", "timeout", "rto", "replay_binlogs", "max_shrink", "schedule"];

    private static readonly string[] OffsiteKeys = ["download_limit", "interval", "timeout", "max_lag", "verify"];

    private static readonly string[] GlobalKeys = ["interval", "timeout", "settle_time", "state_group"];

    private static Gen<string> Value => Gen.OneOf(Gen.Elements(Edges), Nested);

    /// <summary>Brackets, braces and block indentation from a few levels to far past the limit, sometimes unclosed.</summary>
    private static Gen<string> Nested =>
        from depth in Gen.OneOf(Gen.Choose(1, 70), Gen.Choose(60, 70), Gen.Choose(1_000, 20_000))
        from open in Gen.Elements("[", "{a: ", "- ")
        from closed in Gen.Elements(true, false)
        select open == "- "
            ? string.Concat(Enumerable.Repeat("- ", depth)) + "x"
            : string.Concat(Enumerable.Repeat(open, depth)) + "x" + (closed ? new string(open == "[" ? ']' : '}', depth) : "");

    private static Gen<string> Entries(string[] keys, string indent) =>
        from count in Gen.Choose(0, keys.Length)
        from chosen in Gen.Shuffle(keys)
        from values in Gen.ArrayOf(Value, count)
        select string.Concat(chosen.Take(count).Zip(values, (k, v) => $"{indent}{k}: {v}\n"));

    private static Gen<string> Files =>
        from global in Entries(GlobalKeys, "  ")
        from set in Entries(BackupKeys, "    ")
        from drill in Entries(DrillKeys, "      ")
        from offsite in Entries(OffsiteKeys, "        ")
        from cut in Gen.Choose(0, 20)
        let text = $"global:\n{global}backups:\n  - name: nightly\n    kind: mysqldump\n    path: /backup\n" +
            $"{set}    restore_test:\n{drill}" +
            $"    offsite:\n      - name: vault\n        remote: \"s3:b\"\n{offsite}"
        // Now and then cut short, as a tool leaves a file in the middle of a write.
        select cut == 0 ? text[..(text.Length / 2)] : text;

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400);

    private static bool EndsWell<T>((T? Config, IReadOnlyList<ConfigError> Errors) result)
        where T : class =>
        (result.Config is not null && result.Errors.Count == 0)
        || (result.Config is null && result.Errors.Count > 0 && result.Errors.All(e => e.File == Source && e.Line >= 0
            && e.Message.Length > 0 && !e.Message.Contains(YamlFileLoader.InternalErrorPrefix, StringComparison.Ordinal)));

    [Fact]
    public void Every_configuration_file_is_valid_or_a_list_of_located_errors() =>
        Check.One(Runs, Prop.ForAll(Files.ToArbitrary(), text =>
        {
            var result = ConfigLoader.Parse(text, Source);
            Assert.True(EndsWell(result), text + "\n" + string.Join('\n', result.Errors));
        }));

    private static readonly string[] WebKeys =
        ["tls_server_config", "basic_auth_users", "http_server_config", "rate_limit"];

    private static Gen<string> WebFiles =>
        from interval in Value
        from burst in Value
        from user in Gen.Elements("prometheus", "a:b", "\"\"", "~")
        from hash in Gen.OneOf(Value, Gen.Constant("$2y$10$abcdefghijklmnopqrstuuJZ3tjIWbvTMF2uYE1x6G3RS8eUyYlW1y"))
        from clientAuth in Gen.Elements("NoClientCert", "RequireAndVerifyClientCert", "Bogus", "[]")
        from version in Gen.Elements("TLS10", "TLS12", "TLS13", "TLS99", "{}")
        from keys in Gen.Shuffle(WebKeys)
        from count in Gen.Choose(0, WebKeys.Length)
        from cut in Gen.Choose(0, 10)
        let parts = new Dictionary<string, string>
        {
            ["tls_server_config"] = $"tls_server_config:\n  cert_file: /nonexistent.crt\n  key_file: /nonexistent.key\n" +
                $"  client_auth_type: {clientAuth}\n  min_version: {version}\n",
            ["basic_auth_users"] = $"basic_auth_users:\n  {user}: {hash}\n",
            ["http_server_config"] = $"http_server_config:\n  http2: {burst}\n  headers:\n    X-Frame-Options: {interval}\n",
            ["rate_limit"] = $"rate_limit:\n  interval: {interval}\n  burst: {burst}\n",
        }
        let text = string.Concat(keys.Take(count).Select(k => parts[k]))
        select cut == 0 ? text[..(text.Length / 2)] : text;

    [Fact]
    public void Every_web_configuration_file_is_valid_or_a_list_of_located_errors() =>
        Check.One(Runs, Prop.ForAll(Gen.OneOf(WebFiles, Value).ToArbitrary(), text =>
        {
            var result = WebConfigLoader.Parse(text, Source);
            Assert.True(EndsWell(result), text + "\n" + string.Join('\n', result.Errors));
        }));
}
