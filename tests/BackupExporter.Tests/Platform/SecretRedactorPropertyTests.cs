using BackupExporter.Platform;
using FsCheck;
using FsCheck.Fluent;

namespace BackupExporter.Tests.Platform;

/// <summary>Random passwords in every form a client accepts: none survives the redaction, as arguments or as a script.</summary>
public sealed class SecretRedactorPropertyTests
{
    // Printable characters a password may hold; a URI's password is percent-encoded, so it has no '@', '/' or ':'.
    private const string PasswordCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%&()*+,-.;<=>?[]^_{|}~$";

    /// <summary>The command forms, each as arguments with the secret in them (and how a shell script would quote them).</summary>
    private static readonly Func<string, string[]>[] Forms =
    [
        s => ["mariadb-dump", "-p" + s, "shop"],
        s => ["mysqldump", "--password=" + s, "shop"],
        s => ["mysql", "--pass=" + s],
        s => ["mysql", "--passwo=" + s],
        s => ["mydumper", "-u", "root", "-p", s, "-o", "/b"],
        s => ["mydumper", "--password", s, "-o", "/b"],
        s => ["myloader", "-p", s, "-d", "/b"],
        s => ["sshpass", "-p", s, "rsync", "/b", "host:/b"],
        s => ["sshpass", "-P", "assword:", "-p", s, "ssh", "-p", "2222", "host", "mariadb-dump shop"],
        // mariabackup and xtrabackup: `-p, --password=name`, a required value, so the next argument is it.
        s => ["mariabackup", "--backup", "-p", s, "--target-dir=/b"],
        s => ["mariabackup", "--backup", "--password", s, "--target-dir=/b"],
        s => ["mariadb-backup", "--backup", "--pass", s],
        s => ["mariadb-backup", "--backup", "--password=" + s],
        s => ["xtrabackup", "--backup", "-p", s, "--target-dir=/b"],
        s => ["xtrabackup", "--backup", "-p" + s],
        s => ["env", "MYSQL_PWD=" + s, "mysqldump", "shop"],
        s => ["env", "PGPASSWORD=" + s, "pg_dump"],
        s => ["mysqlsh", "mysql://root:" + Uri(s) + "@db1:3306", "--", "util", "dump-instance", "/b"],
        s => ["mysqlsh", "root:" + Uri(s) + "@localhost"],
        s => ["rclone", "copy", "/b", "sftp://u:" + Uri(s) + "@host/b"],
    ];

    private static string Uri(string s) => new(s.Where(c => c is not ('@' or '/' or ':')).ToArray());

    private static Gen<string> Secrets =>
        Gen.Choose(6, 32).SelectMany(n => Gen.ArrayOf(Gen.Elements(PasswordCharacters.ToCharArray()), n))
            .Select(chars => new string(chars))
            .Where(s => !s.StartsWith('-') && Uri(s).Length >= 6);

    private static Arbitrary<(string Secret, int Form)> Cases =>
        Gen.Zip(Secrets, Gen.Choose(0, Forms.Length - 1)).ToArbitrary();

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2000);

    [Fact]
    public void No_secret_survives_as_arguments() =>
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var arguments = Forms[c.Form](c.Secret);
            var secret = arguments.First(a => a.Contains(Uri(c.Secret), StringComparison.Ordinal)) is var carrier
                && carrier.Contains(c.Secret, StringComparison.Ordinal) ? c.Secret : Uri(c.Secret);
            var redacted = SecretRedactor.RedactArguments(arguments);
            return redacted.Count == arguments.Length && redacted.All(a => !a.Contains(secret, StringComparison.Ordinal))
                && SecretRedactor.SecretsIn(arguments).Contains(secret);
        }));

    [Fact]
    public void No_secret_survives_in_a_script_with_each_argument_quoted() =>
        Check.One(Runs, Prop.ForAll(Cases, c =>
        {
            var arguments = Forms[c.Form](c.Secret);
            var script = string.Join(' ', arguments.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"))
                + " | gzip > /b/x.gz";
            var secret = script.Contains(c.Secret, StringComparison.Ordinal) ? c.Secret : Uri(c.Secret);
            var redacted = SecretRedactor.RedactArguments(["sh", "-c", script]);
            return !redacted[2].Contains(secret, StringComparison.Ordinal) && !SecretRedactor.RedactText(script)
                .Contains(secret, StringComparison.Ordinal)
                && redacted[2].EndsWith("| gzip > /b/x.gz", StringComparison.Ordinal);
        }));

    /// <summary>Scripts: the secret quoted as a script would, followed by the operators and commands that must stay.</summary>
    private static readonly (Func<string, string> Script, string Kept)[] ShellForms =
    [
        (q => $"export MYSQL_PWD={q}; mysqldump shop | gzip > /b/x.gz", "; mysqldump shop | gzip > /b/x.gz"),
        (q => $"MYSQL_PWD={q} mysqldump shop && echo ok || echo failed", " mysqldump shop && echo ok || echo failed"),
        (q => $"mysqldump -p{q} shop; echo done", " shop; echo done"),
        (q => $"(mariabackup --backup -p {q} --target-dir=/b) 2>&1 | tee /var/log/b.log", " --target-dir=/b) 2>&1 | tee /var/log/b.log"),
        (q => $"mydumper -p {q} -o /b & wait", " -o /b & wait"),
        (q => $"sshpass -p {q} ssh -p 2222 host 'mariadb-dump shop' > /b/x.sql", " ssh -p 2222 host 'mariadb-dump shop' > /b/x.sql"),
        (q => $"set -x\nexport PGPASSWORD={q}\npg_dump db > /b/db.sql", "\npg_dump db > /b/db.sql"),
        (q => $"mariabackup --backup --password {q}&&echo ok", "&&echo ok"),
    ];

    private static string Quoted(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [Fact]
    public void No_secret_survives_in_a_script_and_its_operators_and_other_commands_stay() =>
        Check.One(Runs, Prop.ForAll(Gen.Zip(Secrets, Gen.Choose(0, ShellForms.Length - 1)).ToArbitrary(), c =>
        {
            var (script, kept) = ShellForms[c.Item2];
            var text = script(Quoted(c.Item1));
            var redacted = SecretRedactor.RedactArguments(["sh", "-x", "-c", text])[3];
            var asText = SecretRedactor.RedactText(text); // free text: whitespace alone ends a value, the secret goes all the same
            var secrets = SecretRedactor.SecretsIn(["sh", "-c", text]);
            return !redacted.Contains(c.Item1, StringComparison.Ordinal) && redacted.EndsWith(kept, StringComparison.Ordinal)
                && !asText.Contains(c.Item1, StringComparison.Ordinal) && secrets.Contains(c.Item1)
                // What `sh -x` prints, the value unquoted, is scrubbed by the secret found in the script.
                && !SecretRedactor.Scrub("+ " + text.Replace(Quoted(c.Item1), c.Item1, StringComparison.Ordinal),
                    secrets).Contains(c.Item1, StringComparison.Ordinal);
        }));
}
