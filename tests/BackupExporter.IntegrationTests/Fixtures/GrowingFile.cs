namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// A file that keeps growing, like a dump being written, until disposed: a new file starts with a dump's header,
/// an existing one is appended to.
/// </summary>
public sealed class GrowingFile : IDisposable, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private bool _disposed;

    public GrowingFile(string path)
    {
        if (!File.Exists(path))
            File.WriteAllText(path, "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n");
        var token = _stop.Token;
        _writer = Task.Run(async () =>
        {
            var row = 0;
            while (!token.IsCancellationRequested)
            {
                await File.AppendAllTextAsync(path, $"INSERT INTO `orders` VALUES ({row++},'still writing');\n", CancellationToken.None);
                try
                {
                    await Task.Delay(200, token);
                }
                catch (OperationCanceledException)
                {
                    // Stopped: the loop condition ends it.
                }
            }
        }, CancellationToken.None);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
    }
}
