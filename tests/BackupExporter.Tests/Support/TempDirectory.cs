namespace BackupExporter.Tests.Support;

/// <summary>A directory under /tmp that is removed when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("backup-exporter-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // .NET cannot name a file whose name is not valid UTF-8; rm can.
            using var rm = System.Diagnostics.Process.Start("rm", ["-rf", Path]);
            rm.WaitForExit();
        }
    }
}
