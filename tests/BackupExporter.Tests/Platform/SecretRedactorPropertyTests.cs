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
}
