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
    public static async Task<string> DumpAsync(MariaDbServer server, string outputPath, DumpCompression compression, bool sha256Sidecar,
        params string[] extraArgs)
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
            $"{ProcessRunner.Quote(server.DumpToolPath)} {server.ClientArguments} {arguments}{compressor} "
                + $"> {ProcessRunner.Quote(outputPath)}");
        if (sha256Sidecar)
            WriteSidecar(outputPath);
        return outputPath;
    }

    /// <summary>The same, in the shape most tests want: gzip, sidecar, a modification time, some databases.</summary>
    public static async Task<string> DumpAsync(MariaDbServer server, string path, DumpCompression compression = DumpCompression.Gzip,
        bool sha256Sidecar = true, DateTimeOffset? modified = null, string databases = "--databases shop", bool masterData = true)
    {
        string[] args = ["--single-transaction", .. masterData ? ["--master-data=2"] : Array.Empty<string>(),
            .. databases.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        await DumpAsync(server, path, compression, sha256Sidecar, args);
        if (modified is { } m)
            Damage.SetModified(path, m);
        return path;
    }

    /// <summary>Writes <c>&lt;file&gt;.sha256</c> in sha256sum's format (<c>HASH  name</c>), of the file as it is now.</summary>
    public static void WriteSidecar(string path) =>
        File.WriteAllText(path + ".sha256", $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}  "
            + $"{Path.GetFileName(path)}\n");
}
