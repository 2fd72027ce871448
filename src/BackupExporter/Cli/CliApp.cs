using BackupExporter.Logging;
using BackupExporter.Platform;

namespace BackupExporter.Cli;

/// <summary>Dispatches the command line to a command. Usage errors exit 2 (3 for <c>verify</c>, as Nagios expects).</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandLine.AsksForVersion(args))
        {
            Console.Out.WriteLine($"backup-exporter {VersionInfo.Version}");
            return ExitCodes.Ok;
        }
        if (args is ["docs", "metrics"])
        {
            // Hidden: prints docs/metrics.md as the metric contract makes it (scripts/generate-metrics-doc).
            Console.Out.Write(Metrics.MetricsDoc.Render());
            return ExitCodes.Ok;
        }
        var (line, error) = CommandLine.Parse(args);
        if (line is null)
        {
            Console.Error.WriteLine($"backup-exporter: {error}");
            Console.Error.WriteLine(CommandLine.Usage(args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null));
            return args.Length > 0 && args[0] is "verify" or "drill" ? (int)Reporting.Severity.Unknown : ExitCodes.InvalidInput;
        }
        if (line.Help)
        {
            Console.Out.WriteLine(CommandLine.Usage(args.Length > 0 && !args[0].StartsWith('-') ? line.Command : null));
            return ExitCodes.Ok;
        }
        if (LoggingSetup.Validate(line.Flag("log.level"), line.Flag("log.format")) is { } logError)
        {
            Console.Error.WriteLine($"backup-exporter: {logError}");
            return ExitCodes.InvalidInput;
        }

        return line.Command switch
        {
            "check-config" => CheckConfigCommand.Run(line, Console.Out, Console.Error),
            "verify" => await VerifyCommand.RunAsync(line, Console.Out, Console.Error),
            "run" => await RunCommand.RunAsync(line, Console.Error),
            "drill" => await DrillCommand.RunAsync(line, Console.Out, Console.Error),
            "healthcheck" => await HealthcheckCommand.RunAsync(line, Console.Out, Console.Error),
            _ => await ServeCommand.RunAsync(line, Console.Error),
        };
    }
}
