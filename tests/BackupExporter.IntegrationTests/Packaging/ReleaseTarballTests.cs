using System.Text.Json;
using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Packaging;

/// <summary>
/// The release tar.gz of scripts/package: what it holds, and that its binary is native (no .NET runtime needed),
/// runs its own example configuration, runs with the workstation GC the project file asks for, and lays out its
/// code in the order of src/BackupExporter/method-order.txt.
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
            Assert.All(libraries,
                l => Assert.Matches(@"^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libz\.so\.1|/lib64/ld-linux-x86-64\.so\.2)$", l));
            Assert.Contains("libz.so.1", libraries); // the system's zlib (UseSystemZlib), not a copy compiled in

            // A clean environment: no DOTNET_ variable, no dotnet on PATH.
            var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" };
            var version = await ProcessRunner.RunAsync(binary, ["--version"], environment: env);
            Assert.True(version.ExitCode == 0, $"--version without .NET on PATH exited {version.ExitCode}: {version.Stderr}");
        Assert.Contains($" {ReleaseArtifacts.Version}", version.Stdout, StringComparison.Ordinal);
            var check =
                await ProcessRunner.RunAsync(binary, ["check-config", "--config.file=" + Path.Combine(root, "backup-exporter.yml")]);
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
        var runtimeConfig =
            JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "backup-exporter.runtimeconfig.json")));
        var properties = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        await using (var jit = await ExporterProcess.StartAsync(RepoPaths.Of("examples", "backup-exporter.yml")))
            Assert.Contains("runtime: .NET " + Environment.Version + ", JIT, workstation GC (non-concurrent)", jit.Output,
                StringComparison.Ordinal);

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

    [Fact]
    public async Task The_native_binary_lays_out_first_the_methods_a_running_exporter_executes()
    {
        // The symbols shipped beside the tar.gz are those of its binary.
        var dir = await ReleaseArtifacts.UnpackTarGzAsync();
        try
        {
            var binary = Path.Combine(dir, ReleaseArtifacts.TarDirectory, "backup-exporter");
            Assert.Equal(await BuildIdAsync(binary), await BuildIdAsync(ReleaseArtifacts.Dbg));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        // At least 90% of the listed methods are still in the binary: the check scripts/package reports.
        var freshness = await ProcessRunner.RunAsync(RepoPaths.Of("scripts", "method-order-freshness"), [ReleaseArtifacts.Dbg]);
        Assert.True(freshness.ExitCode == 0, $"scripts/method-order-freshness: {freshness.Stdout}{freshness.Stderr}");
        Assert.Matches(@"^method-order\.txt: [0-9,]+ of [0-9,]+ listed methods present \([0-9.]+%\)\n$", freshness.Stdout);

        var listed = File.ReadLines(RepoPaths.Of("src", "BackupExporter", "method-order.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var code = ManagedCode(await ProcessRunner.CheckedAsync("objdump", "-t", "-j", "__managedcode", ReleaseArtifacts.Dbg));
        var address = code.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().Address);
        var present = listed.Where(address.ContainsKey).ToList();

        // Each method's extent reaches to the next address; the listed ones, laid out together, fill about their own
        // size from the start of the code. In the compiler's own order they spread over all of it.
        var starts = code.Select(s => s.Address).Distinct().Order().ToArray();
        var extent = starts.Zip(starts.Skip(1), (a, b) => (Start: a, Length: b - a)).ToDictionary(p => p.Start, p => p.Length);
        var listedBytes = present.Select(n => address[n]).Distinct().Sum(a => extent.GetValueOrDefault(a));
        var end = starts[0] + listedBytes + 64 * 1024;
        var inside = present.Count(n => address[n] < end);
        Assert.True(inside >= present.Count * 0.99,
            $"{present.Count - inside} of the {present.Count} listed methods lie beyond the first {listedBytes / 1024} KiB of code: "
            + "the build did not take IlcOrderFile");
        Assert.True(listedBytes < (starts[^1] - starts[0]) / 2, $"the listed methods take {listedBytes} bytes, more than half of the code");
    }

    private static async Task<string> BuildIdAsync(string elf) =>
        Regex.Match(await ProcessRunner.CheckedAsync("readelf", "-n", elf), @"Build ID: ([0-9a-f]+)").Groups[1].Value
            is { Length: > 0 } id ? id : throw new InvalidOperationException($"{elf} has no build id");

    /// <summary>The symbols objdump -t lists in the __managedcode section: address and name.</summary>
    private static List<(long Address, string Name)> ManagedCode(string objdump) =>
        [.. objdump.Split('\n').Select(l => Regex.Match(l, @"^([0-9a-f]+) .*__managedcode\t[0-9a-f]+ (.+)$"))
            .Where(m => m.Success).Select(m => (Convert.ToInt64(m.Groups[1].Value, 16), m.Groups[2].Value))];

    private static string[] Names(string dir, string pattern) =>
        [.. Directory.GetFiles(dir, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
