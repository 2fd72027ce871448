using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>Runs a file that must be invalid and renders its errors as <c>line:column: message</c>.</summary>
internal static class ConfigErrors
{
    public const string Source = "/etc/backup-exporter/backup-exporter.yml";

    public static string[] Of(string yaml)
    {
        var (config, errors) = ConfigLoader.Parse(yaml, Source);
        Assert.Null(config);
        Assert.All(errors, e => Assert.Equal(Source, e.File));
        return errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}").ToArray();
    }
}
