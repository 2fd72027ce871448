using System.Text;
using System.Text.RegularExpressions;

namespace BackupExporter.Platform;

/// <summary>
/// The one redaction of passwords in command lines, scripts and URIs, for everything the exporter and the run wrapper
/// show or store. It knows the option grammars of the clients that take a password, each from its own <c>--help</c>:
/// the MySQL and MariaDB clients (<c>-p, --password[=name]</c>: <c>-pS</c> attached; a bare <c>-p</c>/<c>--password</c>
/// prompts and takes no separate value; long options may be abbreviated down to <c>--pas</c>); mariabackup and
/// xtrabackup (<c>-p, --password=name</c>: the value is required, so <c>-p S</c> and <c>--password S</c> take the
/// next argument, whatever it looks like); mydumper and myloader (<c>-p S</c>, <c>--password S</c>); sshpass
/// (<c>-p S</c>, up to its command: <c>sshpass -p S ssh -p 22</c> keeps ssh's port); env-style <c>MYSQL_PWD=S</c> /
/// <c>PGPASSWORD=S</c>; and URIs <c>scheme://user:S@host</c> or MySQL Shell's <c>user:S@host</c>. In a script, a
/// shell operator (<c>;</c>, <c>|</c>, <c>&amp;&amp;</c> ...) begins a new command and is kept. A redacted secret reads <c>***</c>.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "***";

    // Shorter values are not searched for in a command's output: every "a" in it would go.
    private const int MinScrubbedLength = 3;

    // Clients whose -p/--password take the value attached only: a bare one prompts, and the next argument is not a secret.
    private static readonly HashSet<string> AttachedOnlyClients = new(StringComparer.Ordinal)
    {
        "mysql", "mysqldump", "mysqladmin", "mysqlcheck", "mysqlimport", "mysqlpump", "mysqlbinlog", "mysqlshow", "mysqlslap",
        "mariadb", "mariadb-dump", "mariadb-admin", "mariadb-check", "mariadb-import", "mariadb-binlog", "mariadb-show",
        "mariadb-slap", "mysqlbackup",
    };

    // Clients whose password option requires a value (`-p, --password=name`): the next argument is the value.
    private static readonly HashSet<string> RequiredValueClients = new(StringComparer.Ordinal)
    {
        "mariabackup", "mariadb-backup", "xtrabackup",
    };

    // Programs whose -p and --password take the next argument as the value.
    private static readonly HashSet<string> SeparateValueClients = new(StringComparer.Ordinal) { "mydumper", "myloader" };

    // sshpass's own options that take a value; its first other word is the command it runs, with a grammar of its own.
    private static readonly HashSet<string> SshpassValueOptions = new(StringComparer.Ordinal) { "-f", "-d", "-P" };

    // The long options whose value is a secret; the MySQL clients accept any unambiguous prefix of --password from --pas.
    [GeneratedRegex(@"^--(?:pas|pass|passw|passwo|passwor|password[123]?|ssl-key-password|encrypt-key|transition-key|dbpassword|"
        + @"db-password|sftp-pass|webdav-pass|ftp-pass)$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretLongOption();

    // NAME=VALUE in the environment style: MYSQL_PWD, PGPASSWORD, RCLONE_CONFIG_PASS, AWS_SECRET_ACCESS_KEY ...
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:PASSWORD|PASSWD|PWD|PASS|SECRET|SECRET_ACCESS_KEY|TOKEN)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretVariable();

    // user:password@ in a URI (scheme optional: MySQL Shell takes user:password@host). The user part has no ':' '@' '/'.
    [GeneratedRegex(@"(?<prefix>(?:^|(?<=[\s'""=(,]))(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^\s:@/'""=(,]+:)(?<secret>[^\s@/'""]+)(?=@[^\s@]+)",
        RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();

    /// <summary>The arguments of a command (argv), each redacted; a secret given as a separate argument becomes <c>***</c>.</summary>
    public static IReadOnlyList<string> RedactArguments(IReadOnlyList<string> arguments) => Redact(arguments, null);

    /// <summary>
    /// The secret values in <paramref name="arguments"/> (of 3 characters or more), for scrubbing them from the command's own output.
    /// </summary>
    public static IReadOnlyList<string> SecretsIn(IReadOnlyList<string> arguments)
    {
        var secrets = new List<string>();
        Redact(arguments, secrets);
        return secrets.Where(s => s.Length >= MinScrubbedLength).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The values of the secret variables in <paramref name="environment"/> (MYSQL_PWD, PGPASSWORD, ...): a command
    /// that prints them (<c>sh -x</c>, an error message) must not carry them into a log.
    /// </summary>
    public static IReadOnlyList<string> SecretsInEnvironment(System.Collections.IDictionary environment) =>
        environment.Keys.OfType<string>()
            .Where(name => SecretVariable().IsMatch(name) && environment[name] is string { Length: >= MinScrubbedLength })
            .Select(name => (string)environment[name]!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Free text: a shell script (<c>sh -c '...'</c>), a cron <c>CMD (...)</c> line, a log line or an error message.</summary>
    public static string RedactText(string text) => RedactText(text, null, script: false);

    /// <summary>Every occurrence of a known secret replaced, then the text rules applied.</summary>
    public static string Scrub(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return RedactText(text);
    }

    /// <param name="script">
    /// a shell script (<c>sh -c '...'</c>), where an unquoted operator cannot be part of a value: it ends the word and
    /// begins a command, and stays. In free text (a log line, a message) a password may hold <c>;</c> or <c>|</c>
    /// unquoted: there only whitespace ends a word, so the whole of it is masked.
    /// </param>
    private static string RedactText(string text, List<string>? secrets, bool script)
    {
        if (text.Length == 0)
            return text;
        var tokens = ShellTokens.Split(text, script);
        var words = tokens.Select(t => t.Word).ToList();
        var redacted = Redact(words, secrets);
        var result = new StringBuilder(text.Length);
        var at = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            result.Append(text, at, token.Start - at);
            result.Append(string.Equals(redacted[i], words[i], StringComparison.Ordinal) ? text.AsSpan(token.Start, token.Length)
                : Requote(text.Substring(token.Start, token.Length), redacted[i]));
            at = token.Start + token.Length;
        }
        result.Append(text, at, text.Length - at);
        return result.ToString();
    }

    /// <summary>Keeps a redacted word's quoting readable: the option part as written, the value as <c>***</c>.</summary>
    private static string Requote(string original, string redacted) =>
        original.Length > 0 && original[0] is '\'' or '"' ? original[0] + redacted + original[0] : redacted;

    private static string[] Redact(IReadOnlyList<string> arguments, List<string>? secrets)
    {
        var result = new string[arguments.Count];
        var grammar = Grammar.Unknown;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            result[i] = argument;
            if (ShellTokens.IsCommandSeparator(argument))
            {
                grammar = Grammar.Unknown; // a new command begins: the previous program's options end here
                continue;
            }
            if (grammar == Grammar.Sshpass && !argument.StartsWith('-'))
                grammar = Grammar.Unknown; // sshpass's command: ssh's -p is a port
            else if (grammar == Grammar.Sshpass && SshpassValueOptions.Contains(argument) && i + 1 < arguments.Count)
            {
                i++;
                result[i] = arguments[i];
                continue;
            }
            var program = Path.GetFileName(argument.TrimStart('(')); // `(mariabackup ...)` in free text
            if (AttachedOnlyClients.Contains(program))
                grammar = Grammar.AttachedOnly;
            else if (RequiredValueClients.Contains(program))
                grammar = Grammar.RequiredValue;
            else if (SeparateValueClients.Contains(program))
                grammar = Grammar.SeparateValue;
            else if (program == "sshpass")
            {
                grammar = Grammar.Sshpass;
                continue;
            }

            if (TakesSeparateSecret(argument, grammar) && i + 1 < arguments.Count && !ShellTokens.IsCommandSeparator(arguments[i + 1])
                && (grammar == Grammar.RequiredValue || !arguments[i + 1].StartsWith('-')))
            {
                secrets?.Add(arguments[i + 1]);
                result[++i] = Mask;
                continue;
            }
            result[i] = RedactWord(argument, secrets);
            if (argument.Length > 1 && argument[^1] is ';' or '|' or '&')
                grammar = Grammar.Unknown; // `... /b; ssh -p 22` in free text: a command ends there too
        }
        return result;
    }

    /// <summary>
    /// Whether the next argument is the secret: never for the MySQL clients (a bare option prompts); <c>-p</c> only for
    /// the programs known to take it so (elsewhere it is <c>mkdir -p</c>, <c>ssh -p 22</c>); the long password options
    /// for every other program.
    /// </summary>
    private static bool TakesSeparateSecret(string argument, Grammar grammar) => grammar switch
    {
        Grammar.AttachedOnly => false,
        Grammar.SeparateValue or Grammar.RequiredValue or Grammar.Sshpass => argument == "-p" || SecretLongOption().IsMatch(argument),
        _ => SecretLongOption().IsMatch(argument),
    };

    private enum Grammar
    {
        Unknown,
        AttachedOnly,
        RequiredValue,
        SeparateValue,
        Sshpass,
    }

    private static string RedactWord(string word, List<string>? secrets)
    {
        // A script inside one argument (sh -c '...'): redact its words. One option with a spaced value is not a script.
        if (!word.StartsWith('-') && word.Any(char.IsWhiteSpace))
            return RedactText(word, secrets, script: true);
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            var name = word[..equals];
            if ((name.StartsWith("--", StringComparison.Ordinal) && SecretLongOption().IsMatch(name)) || SecretVariable().IsMatch(name))
                return Masked(word, equals + 1, secrets);
        }
        // -pSECRET, the clients' attached form; also inside combined short options such as -uroot -pS.
        if (word.Length > 2 && word.StartsWith("-p", StringComparison.Ordinal) && word[2] != '-')
            return Masked(word, 2, secrets);
        if (word.Contains('@', StringComparison.Ordinal) && word.Contains(':', StringComparison.Ordinal))
            return UriPassword().Replace(word, m =>
            {
                secrets?.Add(m.Groups["secret"].Value);
                return m.Groups["prefix"].Value + Mask;
            });
        return word;
    }

    private static string Masked(string word, int valueStart, List<string>? secrets)
    {
        var value = word[valueStart..];
        if (value.Length == 0)
            return word;
        secrets?.Add(value);
        return word[..valueStart] + Mask;
    }
}
