using BackupExporter.Configuration;
using BackupExporter.Web.Security;

namespace BackupExporter.Cli;

/// <summary>
/// <c>check-config</c>: every error of the file (and of the web configuration file, if given), one per line as file:line:column: message.
/// </summary>
internal static class CheckConfigCommand
{
    public static int Run(CommandLine line, TextWriter stdout, TextWriter stderr)
    {
        var path = line.Flag("config.file");
        var (config, errors) = ConfigLoader.Load(path);
        var valid = Report(path, errors, stderr);
        foreach (var warning in config?.Warnings ?? [])
            stderr.WriteLine(warning.Line > 0 ? $"{warning.File}:{warning.Line}:{warning.Column}: warning: {warning.Message}"
                : $"{warning.File}: warning: {warning.Message}");
        if (config is not null)
            stdout.WriteLine($"{path}: valid ({config.Backups.Count} backup set{(config.Backups.Count == 1 ? "" : "s")}, "
                + $"{config.Servers.Count} server{(config.Servers.Count == 1 ? "" : "s")})");
        if (line.OptionalFlag("web.config.file") is { } webPath)
        {
            var (web, webErrors) = WebConfigLoader.Load(webPath);
            valid &= Report(webPath, webErrors, stderr);
            if (web is not null)
                stdout.WriteLine($"{webPath}: valid (TLS {(web.Tls is null ? "off" : "on")}, {web.BasicAuthUsers.Count} basic auth "
                    + $"user{(web.BasicAuthUsers.Count == 1 ? "" : "s")})");
        }
        return valid ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private static bool Report(string path, IReadOnlyList<ConfigError> errors, TextWriter stderr)
    {
        if (errors.Count == 0)
            return true;
        foreach (var error in errors)
            stderr.WriteLine(error.ToString());
        stderr.WriteLine($"{path}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
        return false;
    }
}
