using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace BackupExporter.Logging;

/// <summary>Applies --log.level and --log.format. Logs go to stderr so that <c>verify</c>'s stdout stays clean.</summary>
internal static class LoggingSetup
{
    public static string? Validate(string level, string format)
    {
        if (Level(level) is null)
            return $"--log.level=\"{level}\" is not one of debug, info, warn, error";
        if (format is not ("logfmt" or "json"))
            return $"--log.format=\"{format}\" is not one of logfmt, json";
        return null;
    }

    public static void Configure(ILoggingBuilder logging, string level, string format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Level(level) ?? LogLevel.Information);
        // ASP.NET Core's own chatter stays at warning unless debugging.
        logging.AddFilter("Microsoft", Level(level) == LogLevel.Debug ? LogLevel.Information : LogLevel.Warning);
        // The host logs a failed start with its stack trace; serve reports it in one line of its own instead.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", Level(level) == LogLevel.Debug
            ? LogLevel.Information : LogLevel.None);
        logging.AddConsole(o =>
        {
            o.FormatterName = format == "json" ? JsonConsoleFormatter.FormatterName : LogfmtConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        // Registered directly: AddConsoleFormatter<,> binds options from configuration by reflection, which the native
        // (AOT) build cannot do; the formatters have no options to bind.
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, LogfmtConsoleFormatter>());
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JsonConsoleFormatter>());
    }

    public static ILoggerFactory CreateFactory(string level, string format) =>
        LoggerFactory.Create(builder => Configure(builder, level, format));

    private static LogLevel? Level(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => null,
    };
}
