namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>Breaks artifacts the ways real backups break. Each keeps the file's modification time unless told.</summary>
public static class Damage
{
    public static void Truncate(string path, long length) => Keeping(path, () =>
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        f.SetLength(length);
    });

    public static void TruncateFraction(string path, double fraction) => Truncate(path, (long)(new FileInfo(path).Length * fraction));

    public static void FlipByte(string path, long offset) => Keeping(path, () =>
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        var b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x55));
    });

    public static void WriteWrongSidecar(string path) =>
        File.WriteAllText(path + ".sha256", $"{new string('0', 64)}  {Path.GetFileName(path)}\n");

    public static void RemoveSidecar(string path) => File.Delete(path + ".sha256");

    public static void SetModified(string path, DateTimeOffset when) => File.SetLastWriteTimeUtc(path, when.UtcDateTime);

    private static void Keeping(string path, Action change)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        change();
        File.SetLastWriteTimeUtc(path, modified);
    }
}

/// <summary>A file that keeps growing, like a dump being written, until disposed.</summary>
public sealed class GrowingFile : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    public GrowingFile(string path)
    {
        File.WriteAllText(path, "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n");
        _writer = Task.Run(async () =>
        {
            var row = 0;
            while (!_stop.IsCancellationRequested)
            {
                await File.AppendAllTextAsync(path, $"INSERT INTO `orders` VALUES ({row++},'still writing');\n");
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
    }
}
