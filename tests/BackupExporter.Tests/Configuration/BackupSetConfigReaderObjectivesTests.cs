using BackupExporter.Configuration;

namespace BackupExporter.Tests.Configuration;

/// <summary>
/// <c>rpo</c> and <c>rto</c>: per set, with a global default; the older <c>restore_test.rto</c> still counts, with a warning.
/// </summary>
public sealed class BackupSetConfigReaderObjectivesTests
{
    private static ExporterConfig Parse(string yaml)
    {
        var (config, errors) = ConfigLoader.Parse(yaml, ConfigErrors.Source);
        Assert.Empty(errors);
        return config!;
    }

    [Fact]
    public void A_set_s_own_objectives_win_over_the_global_ones_which_the_other_sets_inherit()
    {
        var config = Parse("""
            global:
              rpo: 26h
              rto: 2h
            backups:
              - {name: shop, kind: mysqldump, path: /b/shop, rpo: 1h, rto: 30m}
              - {name: crm, kind: mysqldump, path: /b/crm}
            """);

        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(30)), (config.Backups[0].Rpo, config.Backups[0].Rto));
        Assert.Equal((TimeSpan.FromHours(26), TimeSpan.FromHours(2)), (config.Backups[1].Rpo, config.Backups[1].Rto));
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Without_any_there_is_no_objective()
    {
        var set = Parse("backups:\n  - {name: shop, kind: mysqldump, path: /b/shop}\n").Backups[0];

        Assert.Null(set.Rpo);
        Assert.Null(set.Rto);
    }

    [Fact]
    public void Restore_test_rto_still_counts_where_the_set_has_none_and_is_a_warning_at_its_place()
    {
        var config = Parse("""
            global:
              rto: 4h
            backups:
              - name: shop
                kind: mysqldump
                path: /b/shop
                restore_test:
                  rto: 1h
              - name: crm
                kind: mysqldump
                path: /b/crm
                rto: 45m
                restore_test:
                  rto: 1h
            """);

        Assert.Equal(TimeSpan.FromHours(1), config.Backups[0].Rto);
        Assert.Equal(TimeSpan.FromMinutes(45), config.Backups[1].Rto);
        Assert.Equal(
        [
            $"{ConfigErrors.Source}:8:7: backups[0] \"shop\": restore_test: rto is deprecated; move it up to the set as rto: 1h (the set's "
                + "recovery-time objective)",
            $"{ConfigErrors.Source}:14:7: backups[1] \"crm\": restore_test: rto is deprecated and ignored: the set's rto (45m) applies",
        ], config.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void A_zero_or_unreadable_objective_is_an_error_at_its_place()
    {
        var (_, errors) = ConfigLoader.Parse("""
            global:
              rpo: 0s
            backups:
              - {name: shop, kind: mysqldump, path: /b/shop, rto: soon}
            """, ConfigErrors.Source);

        Assert.Equal(2, errors.Count);
        Assert.Equal(2, errors[0].Line);
        Assert.Contains("rpo", errors[0].Message);
        Assert.Contains("\"0s\" must be more than 0", errors[0].Message);
        Assert.Equal(4, errors[1].Line);
        Assert.Contains("rto", errors[1].Message);
        Assert.Contains("soon", errors[1].Message);
    }
}
