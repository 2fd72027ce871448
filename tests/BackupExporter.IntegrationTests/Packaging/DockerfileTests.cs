using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Packaging;

/// <summary>
/// The Dockerfile, checked without Docker (Debian does not package the engine, so no image is built here): its bases
/// are pinned by digest, every file it takes exists in the release tar.gz, its labels are the OCI ones, and its
/// HEALTHCHECK command, run as written against the tar.gz's binary, tells a running exporter from a stopped one.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepoPaths.Of("Dockerfile"))
        .Where(l => !l.TrimStart().StartsWith('#')).ToArray();

    private static string Instructions => string.Join('\n', Lines).Replace("\\\n", " ", StringComparison.Ordinal);

    [Fact]
    public void Every_base_image_is_pinned_by_digest_and_the_version_is_the_release()
    {
        var froms = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(froms);
        Assert.All(froms, f => Assert.Matches(@"^FROM \S+:\S+@sha256:[0-9a-f]{64}( AS \w+)?$", f));
        Assert.Contains("docker buildx imagetools inspect", File.ReadAllText(RepoPaths.Of("Dockerfile")), StringComparison.Ordinal);
        Assert.Contains($"ARG VERSION={ReleaseArtifacts.Version}", Lines);
        foreach (var label in (string[])["title", "description", "version", "source"])
            Assert.Contains($"org.opencontainers.image.{label}=", Instructions, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", Instructions, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^USER [1-9]\d*:[1-9]\d*$", Instructions);
    }

    [Fact]
    public async Task Every_file_the_image_takes_is_in_the_release_tarball()
    {
        var add = Lines.Single(l => l.StartsWith("ADD ", StringComparison.Ordinal)).Split(' ')[1]
            .Replace("${VERSION}", ReleaseArtifacts.Version, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(ReleaseArtifacts.TarGz), Path.GetFullPath(RepoPaths.Of(add)));
        Assert.DoesNotContain(File.ReadAllLines(RepoPaths.Of(".dockerignore")), p => p.StartsWith("dist", StringComparison.Ordinal));

        var dir = await ReleaseArtifacts.UnpackTarGzAsync();
        try
        {
            var copies = Lines.Where(l => l.StartsWith("COPY --from=unpack", StringComparison.Ordinal))
                .Select(l => CopySource().Match(l).Groups[1].Value.Replace("${VERSION}", ReleaseArtifacts.Version,
                    StringComparison.Ordinal))
                .Where(s => s.StartsWith($"/unpack/{ReleaseArtifacts.TarDirectory}/", StringComparison.Ordinal))
                .ToList();
            Assert.Equal(2, copies.Count);
            foreach (var source in copies)
                Assert.True(File.Exists(Path.Combine(dir, source["/unpack/".Length..])), $"COPY {source}: not in the tar.gz");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_health_check_command_tells_a_running_exporter_from_a_stopped_one()
    {
        var healthcheck = HealthcheckCommand().Match(Instructions);
        Assert.True(healthcheck.Success, "no HEALTHCHECK ... CMD [\"/usr/bin/backup-exporter\", \"healthcheck\", ...] in the Dockerfile");
        var args = Regex.Matches(healthcheck.Groups[1].Value, "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal("/usr/bin/backup-exporter", args[0]);

        var dir = await ReleaseArtifacts.UnpackTarGzAsync();
        try
        {
            var root = Path.Combine(dir, ReleaseArtifacts.TarDirectory);
            var binary = Path.Combine(root, "backup-exporter");
            var port = ServiceProcess.FreePort();
            // The image's command line, on a free port instead of 9407 (which the machine may use).
            var command = args.Skip(1).Select(a => a.Replace(":9407", $":{port}", StringComparison.Ordinal)).ToArray();
            Assert.Contains($"--web.listen-address=127.0.0.1:{port}", command);
            await using (await ServiceProcess.StartAsync(binary, port, "--config.file=" + Path.Combine(root, "backup-exporter.yml"),
                "--web.listen-address=127.0.0.1:{port}"))
            {
                var healthy = await ProcessRunner.RunAsync(binary, command);
                Assert.True(healthy.ExitCode == 0, $"healthcheck of a running exporter exited {healthy.ExitCode}: {healthy.Stderr}");
            }
            var stopped = await ProcessRunner.RunAsync(binary, command);
            Assert.Equal(1, stopped.ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"^COPY --from=unpack (?:--chown=\S+ )?(\S+) ")]
    private static partial Regex CopySource();

    [GeneratedRegex(@"HEALTHCHECK [^\n]*CMD \[([^\]]*)\]")]
    private static partial Regex HealthcheckCommand();
}
