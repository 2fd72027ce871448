using System.Text.RegularExpressions;
using BackupExporter.IntegrationTests.Fixtures;

namespace BackupExporter.IntegrationTests.Integrations;

/// <summary>
/// deploy/kubernetes: kubectl builds the manifests (no cluster runs here, so kustomize is the deepest real step);
/// the configuration is mounted so that an edited ConfigMap reaches the pod, and the exporter reloads it when the
/// kubelet swaps the volume's symbolic links, as it does on a node; one way of being scraped; no password in them.
/// </summary>
public sealed partial class KubernetesTests
{
    private static string Manifest(string file) => RepoPaths.Of("deploy", "kubernetes", file);

    private static object? Pod()
    {
        var deployment = Yaml.LoadAll(Manifest("deployment.yml")).Single(d => Yaml.Str(d, "kind") == "Deployment");
        return Yaml.Get(Yaml.Get(Yaml.Get(deployment, "spec"), "template"), "spec");
    }

    private static object? Container() => Yaml.List(Yaml.Get(Pod(), "containers")).Single();

    private static List<string> Args() => Yaml.List(Yaml.Get(Container(), "args")).Select(a => (string)a!).ToList();

    [Fact]
    public async Task Kubectl_builds_every_manifest_of_the_kustomization()
    {
        var kubectl = ProcessRunner.FindExecutable("kubectl")
            ?? throw new InvalidOperationException("kubectl is missing: apt-get install kubernetes-client (scripts/test does)");
        var built = await ProcessRunner.RunAsync(kubectl, ["kustomize", RepoPaths.Of("deploy", "kubernetes")]);
        Assert.True(built.ExitCode == 0, built.Stderr);

        var kinds = KindLine().Matches(built.Stdout).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ConfigMap", "Deployment", "Namespace", "PrometheusRule", "Service", "ServiceMonitor"], kinds);
        var listed = Directory.GetFiles(RepoPaths.Of("deploy", "kubernetes"), "*.yml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yml").Order(StringComparer.Ordinal);
        var resources = Yaml.List(Yaml.Get(Yaml.Load(Manifest("kustomization.yml")), "resources")).Select(r => (string)r!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(listed, resources); // no manifest left out of `kubectl apply -k`
    }

    [Fact]
    public void The_configuration_is_a_directory_mount_watched_by_the_exporter()
    {
        var mounts = Yaml.List(Yaml.Get(Container(), "volumeMounts"));
        Assert.All(mounts, m => Assert.Null(Yaml.Get(m, "subPath"))); // a subPath mount never sees an update
        var configMount = mounts.Single(m => Yaml.Str(m, "name") == "config");
        var volume = Yaml.List(Yaml.Get(Pod(), "volumes")).Single(v => Yaml.Str(v, "name") == "config");
        var configMap = Yaml.LoadAll(Manifest("configmap.yml")).Single();
        Assert.Equal(Yaml.Str(Yaml.Get(configMap, "metadata"), "name"), Yaml.Str(Yaml.Get(volume, "configMap"), "name"));

        var configFile = Args().Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var key = Path.GetFileName(configFile);
        Assert.Equal(Yaml.Str(configMount, "mountPath"), Path.GetDirectoryName(configFile));
        Assert.NotNull(Yaml.Str(Yaml.Get(configMap, "data"), key));
        Assert.Matches(@"^--config\.watch=[1-9][0-9]*(s|m)$", Args().Single(a => a.StartsWith("--config.watch", StringComparison.Ordinal)));
    }

    [Fact]
    public void One_way_of_being_scraped_and_no_password_in_the_manifests()
    {
        var documents = Directory.GetFiles(RepoPaths.Of("deploy", "kubernetes"), "*.yml").SelectMany(Yaml.LoadAll).ToList();
        Assert.Single(documents, d => Yaml.Str(d, "kind") == "ServiceMonitor");
        var text = string.Concat(Directory.GetFiles(RepoPaths.Of("deploy", "kubernetes"), "*.yml").Select(File.ReadAllText));
        Assert.DoesNotContain("prometheus.io/", text, StringComparison.Ordinal); // annotations would scrape it a second time

        // A Secret is created by the operator (the command is in deployment.yml), never shipped with a value.
        Assert.DoesNotContain(documents, d => Yaml.Str(d, "kind") == "Secret");
        var secretVolume = Yaml.List(Yaml.Get(Pod(), "volumes")).Single(v => Yaml.Get(v, "secret") is not null);
        var secretName = Yaml.Str(Yaml.Get(secretVolume, "secret"), "secretName")!;
        Assert.Contains($"create secret generic {secretName} ", File.ReadAllText(Manifest("deployment.yml")), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?i)password:\s*\S", text);
    }

    [GeneratedRegex(@"(?m)^kind: (\w+)$")]
    private static partial Regex KindLine();
}
