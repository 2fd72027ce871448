using BackupExporter.Restore.Logical;

namespace BackupExporter.Tests.Restore.Logical;

/// <summary>
/// A load that failed on packet size names max_allowed_packet, from the client's words or the server's error log
/// (the texts are MariaDB 10.11's own); any other failure is left as the tool said it.
/// </summary>
public sealed class PacketLimitTests
{
    private const string GoneAway = "ERROR 2006 (HY000) at line 47: Server has gone away";

    private const string RefusedLog = "2026-12-07 22:46:26 11 [Warning] Aborted connection 11 to db: 'big' user: 'root' host: "
        + "'localhost' (Got a packet bigger than 'max_allowed_packet' bytes)\n";

    [Fact]
    public void A_server_that_went_away_after_refusing_a_packet_is_named_with_its_log_line()
    {
        var said = PacketLimit.Explain(GoneAway, "2026-12-07 22:46:16 0 [Note] mariadbd: ready for connections.\n" + RefusedLog);

        Assert.NotNull(said);
        Assert.StartsWith("a statement is larger than max_allowed_packet allows: the sandbox server and its client use 1 GiB, "
            + "the most MariaDB and MySQL accept (the sandbox's error log: Got a packet bigger than 'max_allowed_packet' bytes); ", said);
    }

    [Fact]
    public void A_client_that_names_the_limit_itself_is_explained_without_the_log()
    {
        var said = PacketLimit.Explain("ERROR 2020 (HY000): Got packet bigger than 'max_allowed_packet' bytes", "");

        Assert.NotNull(said);
        Assert.DoesNotContain("error log", said);
    }

    [Theory]
    [InlineData(GoneAway, "2026-12-07 22:46:16 0 [Note] mariadbd: ready for connections.\n")] // a crash, not a refusal
    [InlineData("ERROR 1064 (42000) at line 3: You have an error in your SQL syntax", "")]
    public void Another_failure_is_not_blamed_on_the_packet_size(string client, string log) =>
        Assert.Null(PacketLimit.Explain(client, log));
}
