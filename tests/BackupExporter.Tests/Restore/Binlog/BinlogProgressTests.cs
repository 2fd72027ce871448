using System.Text;
using BackupExporter.Restore.Binlog;

namespace BackupExporter.Tests.Restore.Binlog;

public sealed class BinlogProgressTests
{
    // mariadb-binlog 10.11 output (TZ=UTC) of an insert, a rotation and the next file's first events.
    private const string Output = $"""
        /*!50530 SET @@SESSION.PSEUDO_SLAVE_MODE=1*/;
        DELIMITER /*!*/;
        # at 4
        {StartEvent}
        ROLLBACK/*!*/;
        BINLOG '
        G+gMaw8BAAAA/AAAAAABAAAAAAQAMTAuMTEuMTktTWFyaWFEQi0wK2RlYjEydTEtbG9nAAAAAAAA
        '/*!*/;
        # at 794
        #261130  3:06:14 server id 1  end_log_pos 836 CRC32 0x42b5ac88 	GTID 0-1-4 trans
        /*M!100001 SET @@session.gtid_seq_no=4*//*!*/;
        START TRANSACTION
        /*!*/;
        # at 836
        #261130  3:06:14 server id 1  end_log_pos 932 CRC32 0x7297b10c 	Query	thread_id=10	exec_time=0	error_code=0	xid=0
        {SessionVariables}
        insert into shop.t values (3),(4)
        /*!*/;
        # at 932
        #261130  3:06:14 server id 1  end_log_pos 963 CRC32 0x0220c83d 	Xid = 97
        COMMIT/*!*/;
        # at 963
        #261130  3:06:14 server id 1  end_log_pos 1010 CRC32 0x1bc237da 	Rotate to mysql-bin.000002  pos: 4
        # at 385
        #261130 13:07:15 server id 1  end_log_pos 427 CRC32 0x081e6b56 	GTID 0-1-5 trans
        insert into shop.t values ('#261130  3:06:14 server id 1 is not a header when it is not at the start of a line')
        """;

    // Two lines of that output, longer than a line of code may be.
    private const string StartEvent = "#261130  3:06:03 server id 1  end_log_pos 256 CRC32 0x4168d21b \tStart: binlog v 4, "
        + "server v 10.11.19-MariaDB-0+deb12u1-log created 261130  3:06:03 at startup";
    private const string SessionVariables = "SET @@session.foreign_key_checks=1, @@session.sql_auto_is_null=0, @@session.unique_checks=1, "
        + "@@session.autocommit=1, @@session.check_constraint_checks=1, @@session.sql_if_exists=0, "
        + "@@session.explicit_defaults_for_timestamp=1/*!*/;";

    [Fact]
    public void Counts_event_headers_and_transactions_and_keeps_the_newest_time()
    {
        var progress = new BinlogProgress();
        progress.Observe(Encoding.ASCII.GetBytes(Output));

        Assert.Equal(6, progress.Events);
        Assert.Equal(2, progress.Transactions);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 7, 15, TimeSpan.Zero), progress.ReachedTime);
        // Each event's end_log_pos minus its "# at": 252 + 42 + 96 + 31 + 47 + 42.
        Assert.Equal(510, progress.Bytes);
    }

    [Fact]
    public void Gives_the_same_answer_however_the_pipe_cuts_the_output()
    {
        var bytes = Encoding.ASCII.GetBytes(Output);
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var progress = new BinlogProgress();
            for (var at = 0; at < bytes.Length;)
            {
                var length = Math.Min(bytes.Length - at, round < 10 ? round + 1 : random.Next(1, 300));
                progress.Observe(bytes.AsSpan(at, length));
                at += length;
            }
            Assert.Equal((6L, 2L, 510L), (progress.Events, progress.Transactions, progress.Bytes));
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 7, 15, TimeSpan.Zero), progress.ReachedTime);
        }
    }

    [Fact]
    public void Nothing_read_means_no_time_reached()
    {
        var progress = new BinlogProgress();
        progress.Observe("DELIMITER /*!*/;\n# at 4\n"u8);
        Assert.Equal(0, progress.Events);
        Assert.Equal(0, progress.Bytes);
        Assert.Null(progress.ReachedTime);
    }
}
