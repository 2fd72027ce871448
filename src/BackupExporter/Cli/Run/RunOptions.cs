using System.Globalization;
using BackupExporter.Configuration;

namespace BackupExporter.Cli.Run;

/// <summary>The flags of <c>backup-exporter run</c>, checked. A mistake here is a mistake in the crontab line: exit 2.</summary>
internal sealed record RunOptions
{
    public required string ConfigFile { get; init; }

    public required string Backup { get; init; }

    /// <summary>The command to run and its arguments, after <c>--</c>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public int Retries { get; init; }

    public required TimeSpan RetryDelay { get; init; }

    /// <summary>A command still running after this is stopped; null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool Sha256 { get; init; }

    public string? StatusFile { get; init; }

    /// <summary><c>--offsite=NAME</c>: the remote of the set's offsite list that a successful run's artifact is copied to.</summary>
    public string? Offsite { get; init; }

    public const int MaxRetries = 100;
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long the command has to end after TERM before the whole tree gets KILL.</summary>
    public static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(10);

    /// <param name="flags">the command line's flags, by name without dashes</param>
    /// <param name="command">the words after <c>--</c></param>
    /// <param name="configFile">the value of <c>--config.file</c>, or its default</param>
    public static (RunOptions? Options, string? Error) From(IReadOnlyDictionary<string, string> flags,
        IReadOnlyList<string> command, string configFile)
    {
        if (!flags.TryGetValue("backup", out var backup) || backup.Length == 0)
            return (null, "run needs --backup=NAME: the backup set whose log and status the command writes");
        if (backup.Contains(','))
            return (null, $"run takes one backup set, not \"{backup}\"");
        if (command.Count == 0 || command[0].Length == 0)
            return (null, "run needs the command to run after --, e.g. run --backup=nightly -- mysqldump --result-file=/backup/x.sql shop");

        var retries = 0;
        if (flags.TryGetValue("retries", out var retriesText)
            && (!int.TryParse(retriesText, NumberStyles.None, CultureInfo.InvariantCulture, out retries) || retries > MaxRetries))
            return (null, $"--retries=\"{retriesText}\" is not a whole number from 0 to {MaxRetries}");

        var delay = DefaultRetryDelay;
        if (flags.TryGetValue("retry-delay", out var delayText)
            && !DurationParser.TryParseTimer(delayText, out delay, out var delayProblem))
            return (null, $"--retry-delay: {delayProblem}");

        TimeSpan? timeout = null;
        if (flags.TryGetValue("timeout", out var timeoutText))
        {
            if (!DurationParser.TryParseTimer(timeoutText, out var t, out var timeoutProblem))
                return (null, $"--timeout: {timeoutProblem}");
            if (t <= TimeSpan.Zero)
                return (null, "--timeout must be more than 0");
            timeout = t;
        }

        var sha256 = false;
        if (flags.TryGetValue("checksum", out var checksum))
        {
            if (checksum is not ("sha256" or "none"))
                return (null, $"--checksum=\"{checksum}\" is not one of sha256, none");
            sha256 = checksum == "sha256";
        }

        string? offsite = null;
        if (flags.TryGetValue("offsite", out var offsiteText))
        {
            if (offsiteText.Length == 0)
                return (null, "--offsite needs the name of a remote of the set's offsite list, e.g. --offsite=s3-eu");
            offsite = offsiteText;
        }

        return (new RunOptions
        {
            ConfigFile = configFile,
            Backup = backup,
            Command = command,
            Retries = retries,
            RetryDelay = delay,
            Timeout = timeout,
            Sha256 = sha256,
            StatusFile = flags.TryGetValue("status-file", out var status) ? status : null,
            Offsite = offsite,
        }, null);
    }
}
