using System.Security.Cryptography;

namespace BackupExporter.IntegrationTests.Fixtures;

public enum DumpCompression { None, Gzip, Zstd }

/// <summary>Makes dumps with the real mariadb-dump, compressed by the real gzip and zstd, as a cron job would.</summary>
public static class DumpMaker
{
    public static async Task<string> DumpAsync(MariaDbServer server, string path, DumpCompression compression = DumpCompression.Gzip,
        bool sha256Sidecar = true, DateTimeOffset? modified = null, string databases = "--databases shop", bool masterData = true)
    {
        var compressor = compression switch
        {
            DumpCompression.Gzip => " | gzip -c",
            DumpCompression.Zstd => " | zstd -q -c",
            _ => "",
        };
        await ProcessRunner.ShellAsync(
            $"'{MariaDbServer.DumpTool}' {server.ClientArguments} --single-transaction{(masterData ? " --master-data=2" : "")} {databases}{compressor} > '{path}'");
        if (sha256Sidecar)
            WriteSidecar(path);
        if (modified is { } m)
            File.SetLastWriteTimeUtc(path, m.UtcDateTime);
        return path;
    }

    /// <summary>Writes <c>&lt;file&gt;.sha256</c> in sha256sum's format, of the file as it is now.</summary>
    public static void WriteSidecar(string path) =>
        File.WriteAllText(path + ".sha256", $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}  {Path.GetFileName(path)}\n");
}
