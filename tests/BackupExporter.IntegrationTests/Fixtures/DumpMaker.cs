using System.Globalization;
using System.Security.Cryptography;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>Makes dumps with the real mariadb-dump, compressed by the real gzip and zstd, as a cron job would.</summary>
public static class DumpMaker
{
    private static readonly string[] DefaultArguments = ["--single-transaction", "--master-data=2", "--databases", "shop"];

    /// <summary>
    /// Dumps with <paramref name="extraArgs"/> (default <c>--single-transaction --master-data=2 --databases shop</c>)
    /// into <paramref name="outputPath"/>, compressed as asked, with a sha256sum sidecar when asked. Throws with the
    /// tool's stderr when the dump or the compressor fails.
    /// </summary>
    public static Task<string> DumpAsync(MariaDbServer server, string outputPath, DumpCompression compression, bool sha256Sidecar,
        params string[] extraArgs) =>
        DumpAtAsync(server, outputPath, compression, sha256Sidecar, null, extraArgs);

    /// <summary>
    /// The same, run at <paramref name="at"/> when given: the real mariadb-dump under <c>faketime</c>, so that its
    /// footer (<c>-- Dump completed on</c>, local time) records that moment, as a dump taken then does.
    /// </summary>
    public static async Task<string> DumpAtAsync(MariaDbServer server, string outputPath, DumpCompression compression,
        bool sha256Sidecar, DateTimeOffset? at, params string[] extraArgs)
    {
        var compressor = compression switch
        {
            DumpCompression.Gzip => " | gzip -c",
            DumpCompression.Zstd => " | zstd -q -c",
            _ => "",
        };
        var arguments = string.Join(' ', (extraArgs.Length == 0 ? DefaultArguments : extraArgs).Select(ProcessRunner.Quote));
        // pipefail (in ShellAsync): a failing dump is not hidden by the compressor's success.
        await ProcessRunner.ShellAsync(
            $"{FakeTime(at)}{ProcessRunner.Quote(server.DumpToolPath)} {server.ClientArguments} {arguments}{compressor} "
                + $"> {ProcessRunner.Quote(outputPath)}");
        if (sha256Sidecar)
            WriteSidecar(outputPath);
        return outputPath;
    }

    /// <summary>
    /// The same, in the shape most tests want: gzip, sidecar, some databases, and a dump taken at <paramref name="modified"/>
    /// when given (its footer records that moment, its file has that modification time).
    /// </summary>
    public static async Task<string> DumpAsync(MariaDbServer server, string path, DumpCompression compression = DumpCompression.Gzip,
        bool sha256Sidecar = true, DateTimeOffset? modified = null, string databases = "--databases shop", bool masterData = true)
    {
        string[] args = ["--single-transaction", .. masterData ? ["--master-data=2"] : Array.Empty<string>(),
            .. databases.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        await DumpAtAsync(server, path, compression, sha256Sidecar, modified, args);
        if (modified is { } m)
            Damage.SetModified(path, m);
        return path;
    }

    private static string FakeTime(DateTimeOffset? at) => at is { } t ? $"faketime {ProcessRunner.Quote(LocalStamp(t))} " : "";

    /// <summary>A moment as the tools write it and <c>faketime</c> reads it: local time, to the second.</summary>
    public static string LocalStamp(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// Makes a copy of a dump read as taken at <paramref name="when"/>: its footer says that moment (local time, as
    /// mariadb-dump writes it), its file has that modification time, its sidecar (if any) matches. For scenes built
    /// from one real dump copied many times; a dump taken at a given moment is <see cref="DumpAtAsync"/>.
    /// </summary>
    public static async Task RedateAsync(string path, DateTimeOffset when)
    {
        var footer = "-- Dump completed on " + LocalStamp(when);
        var edit = $"sed -e {ProcessRunner.Quote($"s/^-- Dump completed on .*$/{footer}/")}";
        var (read, write) = Path.GetExtension(path) switch
        {
            ".gz" => ("gzip -dc", " | gzip -c"),
            ".zst" => ("zstd -q -dc", " | zstd -q -c"),
            _ => ("cat", ""),
        };
        var quoted = ProcessRunner.Quote(path);
        await ProcessRunner.ShellAsync($"{read} {quoted} | {edit}{write} > {quoted}.redated && mv {quoted}.redated {quoted}");
        if (File.Exists(path + ".sha256"))
            WriteSidecar(path);
        Damage.SetModified(path, when);
    }

    /// <summary>Writes <c>&lt;file&gt;.sha256</c> in sha256sum's format (<c>HASH  name</c>), of the file as it is now.</summary>
    public static void WriteSidecar(string path) =>
        File.WriteAllText(path + ".sha256", $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}  "
            + $"{Path.GetFileName(path)}\n");
}
