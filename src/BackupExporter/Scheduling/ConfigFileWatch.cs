using System.Security.Cryptography;

namespace BackupExporter.Scheduling;

/// <summary>
/// <c>--config.watch</c>: re-reads the configuration file on an interval and reloads it when its content changed.
/// Content, not modification time or inotify: a Kubernetes ConfigMap volume is updated by swapping a symbolic link
/// (<c>..data</c>), which neither changes the watched path's own mtime nor reaches a file watch on it.
/// </summary>
internal sealed class ConfigFileWatch : IAsyncDisposable
{
    private readonly string _path;
    private readonly Func<bool> _reload;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private byte[]? _lastDigest;

    /// <param name="reload">reloads the configuration; false when the new one was refused</param>
    public ConfigFileWatch(string path, TimeSpan interval, Func<bool> reload, ILogger log)
    {
        _path = path;
        _reload = reload;
        _log = log;
        _lastDigest = Digest();
        _loop = WatchAsync(interval, _stop.Token);
    }

    private byte[]? Digest()
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(_path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // between the removal and the creation of a file, or unreadable for a moment: look again later
        }
    }

    private async Task WatchAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var digest = Digest();
                if (digest is null || (_lastDigest is not null && digest.AsSpan().SequenceEqual(_lastDigest)))
                    continue;
                // Remembered whatever the outcome: a refused file is reported once, not at every tick.
                _lastDigest = digest;
                _log.LogInformation("configuration file {Path} changed, reloading", _path);
                try
                {
                    _reload();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The loop must outlive any one file: the next edit is the fix.
                    _log.LogError("configuration reload failed, keeping the previous configuration: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
