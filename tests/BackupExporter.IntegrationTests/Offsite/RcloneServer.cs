using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Offsite;

/// <summary>
/// A real <c>rclone serve sftp</c> or <c>rclone serve webdav</c> with a user and password, serving a directory on a
/// free loopback port; ready once the port accepts connections. Can be frozen (SIGSTOP: it accepts connections at the
/// kernel and never answers, as a hung server does) and is killed on dispose.
/// </summary>
public sealed class RcloneServer : IAsyncDisposable
{
    public const string User = "backup";
    public const string Password = "s3cret-Pa55word";

    private readonly Process _process;
    private readonly CapturedOutput _output;

    private RcloneServer(Process process, string protocol, int port, string directory)
    {
        _process = process;
        _output = new CapturedOutput(process);
        Protocol = protocol;
        Port = port;
        Directory = directory;
    }

    public string Protocol { get; }

    public int Port { get; }

    public string Directory { get; }

    public string Output => _output.ToString();

    public static async Task<RcloneServer> StartAsync(string protocol, string directory, int? onPort = null)
    {
        var port = onPort ?? FreePort();
        var info = new ProcessStartInfo("rclone") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["serve", protocol, directory, "--config", "/dev/null", "--addr", $"127.0.0.1:{port}", "--user",
            User, "--pass", Password])
            info.ArgumentList.Add(a);
        var server = new RcloneServer(Process.Start(info) ?? throw new InvalidOperationException("cannot start rclone serve"),
            protocol, port, directory);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (server._process.HasExited)
                throw new InvalidOperationException($"rclone serve {protocol} exited with {server._process.ExitCode}:\n{server.Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The rclone.conf section of a remote that reaches this server with <paramref name="password"/>.</summary>
    public async Task<string> SectionAsync(string name, string password = Password) => Protocol switch
    {
        "sftp" => $"[{name}]\ntype = sftp\nhost = 127.0.0.1\nport = {Port.ToString(CultureInfo.InvariantCulture)}\nuser = {User}\npass "
            + $"= {await ObscureAsync(password)}\n",
        "webdav" => $"[{name}]\ntype = webdav\nurl = http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/\nvendor = other\nuser "
            + $"= {User}\npass = {await ObscureAsync(password)}\n",
        _ => throw new InvalidOperationException($"no remote section for protocol {Protocol}"),
    };

    public static async Task<string> ObscureAsync(string password) =>
        (await ProcessRunner.CheckedAsync("rclone", "obscure", password)).Trim();

    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Thaw();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
