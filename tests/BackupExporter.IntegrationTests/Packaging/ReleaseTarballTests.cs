using System.Text.Json;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Packaging;

/// <summary>
/// The release tar.gz of scripts/package: what it holds, and that its binary is native (no .NET runtime needed),
/// runs its own example configuration and runs with the workstation GC the project file asks for.
/// </summary>
public sealed class ReleaseTarballTests
{
    [Fact]
    public async Task The_tarball_holds_the_binary_configuration_unit_rules_dashboards_and_docs()
    {
        var dir = await ReleaseArtifacts.UnpackTarGzAsync();
        try
        {
            var root = Path.Combine(dir, ReleaseArtifacts.TarDirectory);
            Assert.Equal([ReleaseArtifacts.TarDirectory], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
            Assert.True(File.GetUnixFileMode(Path.Combine(root, "backup-exporter")).HasFlag(UnixFileMode.UserExecute));
            foreach (var file in (string[])["backup-exporter.yml", "README.md", "systemd/backup-exporter.service"])
                Assert.True(File.Exists(Path.Combine(root, file)), $"{file} is missing from the tar.gz");
            Assert.Equal(Names(RepoPaths.Of("alert-rules"), "*.yml"), Names(Path.Combine(root, "alert-rules"), "*.yml"));
            Assert.Equal(Names(RepoPaths.Of("dashboards"), "*.json"), Names(Path.Combine(root, "dashboards"), "*.json"));
            Assert.Equal(Names(RepoPaths.Of("docs"), "*.md"), Names(Path.Combine(root, "docs"), "*.md"));
            // Native: no managed assemblies or runtime configuration beside it.
            Assert.Empty(Directory.GetFiles(root, "*.dll", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(root, "*.runtimeconfig.json", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_native_binary_needs_only_libc_and_zlib_and_validates_its_example_configuration()
    {
        var dir = await ReleaseArtifacts.UnpackTarGzAsync();
        try
        {
            var root = Path.Combine(dir, ReleaseArtifacts.TarDirectory);
            var binary = Path.Combine(root, "backup-exporter");
            var libraries = (await ProcessRunner.CheckedAsync("ldd", binary)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Trim().Split(' ')[0]).ToList();
            Assert.All(libraries, l => Assert.Matches(@"^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libz\.so\.1|/lib64/ld-linux-x86-64\.so\.2)$", l));
            Assert.Contains("libz.so.1", libraries); // the system's zlib (UseSystemZlib), not a copy compiled in

            // A clean environment: no DOTNET_ variable, no dotnet on PATH.
            var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" };
            var version = await ProcessRunner.RunAsync(binary, ["--version"], environment: env);
            Assert.True(version.ExitCode == 0, $"--version without .NET on PATH exited {version.ExitCode}: {version.Stderr}");
        Assert.Contains($" {ReleaseArtifacts.Version}", version.Stdout, StringComparison.Ordinal);
            var check = await ProcessRunner.RunAsync(binary, ["check-config", "--config.file=" + Path.Combine(root, "backup-exporter.yml")]);
            Assert.True(check.ExitCode == 0, $"check-config of the shipped configuration: {check.Stderr}{check.Stdout}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Both_builds_run_the_non_concurrent_workstation_garbage_collector()
    {
        // The JIT build the integration tests start: its runtimeconfig.json.
        var runtimeConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "backup-exporter.runtimeconfig.json")));
        var properties = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        await using (var jit = await ExporterProcess.StartAsync(RepoPaths.Of("examples", "backup-exporter.yml")))
            Assert.Contains("runtime: .NET " + Environment.Version + ", JIT, workstation GC (non-concurrent)", jit.Output, StringComparison.Ordinal);

        // The native build, as the process itself reports it when it starts.
        var dir = await ReleaseArtifacts.UnpackTarGzAsync();
        try
        {
            var root = Path.Combine(dir, ReleaseArtifacts.TarDirectory);
            var port = ServiceProcess.FreePort();
            await using var service = await ServiceProcess.StartAsync(Path.Combine(root, "backup-exporter"), port,
                "--config.file=" + Path.Combine(root, "backup-exporter.yml"), "--web.listen-address=127.0.0.1:{port}");
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!service.Output.Contains("runtime:", StringComparison.Ordinal) && DateTime.UtcNow < until)
                await Task.Delay(100);
            Assert.Contains("native (ahead-of-time compiled), workstation GC (non-concurrent)", service.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Names(string dir, string pattern) =>
        [.. Directory.GetFiles(dir, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
