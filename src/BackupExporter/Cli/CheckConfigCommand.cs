using BackupExporter.Configuration;

namespace BackupExporter.Cli;

/// <summary><c>check-config</c>: every error of the file, one per line as file:line:column: message.</summary>
internal static class CheckConfigCommand
{
    public static int Run(CommandLine line, TextWriter stdout, TextWriter stderr)
    {
        var path = line.Flag("config.file");
        var (config, errors) = ConfigLoader.Load(path);
        if (config is null)
        {
            foreach (var error in errors)
                stderr.WriteLine(error.ToString());
            stderr.WriteLine($"{path}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
            return ExitCodes.InvalidInput;
        }
        stdout.WriteLine($"{path}: valid ({config.Backups.Count} backup set{(config.Backups.Count == 1 ? "" : "s")}, {config.Servers.Count} server{(config.Servers.Count == 1 ? "" : "s")})");
        return ExitCodes.Ok;
    }
}
