// Fleet alerts: what no single host's page says. They read the fleet rollups (rules/fleet.libsonnet).
local labels = import '../lib/labels.libsonnet';

{
  prometheusAlerts+:: {
    local c = $._config,
    local l = labels.new(c),
    // "team payments, region eu, env prod": the group an alert is about, from whichever group labels it has.
    local groupWords = std.join('', [
      '{{ with $labels.%(label)s }} %(label)s {{ . }}{{ end }}' % { label: g }
      for g in c.groupLabels
    ]) + (if std.length(c.groupLabels) == 0 then ' the whole fleet' else
            '{{ if not (or %s) }} the whole fleet{{ end }}' % std.join(' ', ['$labels.' + g for g in c.groupLabels])),
    groups+: [
      {
        name: 'mysql-backup-fleet',
        rules: [
          {
            comment:: 'A shared cause (the backup network, the object store, a rotated credential) fails many hosts at once: one page for it, and the per-set alerts stay quiet meanwhile (deploy/alertmanager/alertmanager.yml).',
            alert: 'MysqlBackupFleetManyHostsFailing',
            expr: |||
              count(mysql_backup_fleet:host_sets_not_restorable > 0) >= %(hosts)d
              and on ()
              count(mysql_backup_fleet:host_sets_not_restorable > 0) / count(mysql_backup_fleet:host_sets) >= %(share)g
            ||| % { hosts: c.sharedCauseMinHosts, share: c.sharedCauseMinShare },
            'for': c.sharedCauseFor,
            labels: { severity: 'critical' },
            annotations: {
              summary: '{{ $value }} hosts are failing backups at once: look for a shared cause',
              description: '{{ $value }} hosts (at least %(hosts)d, and at least %(percent)g%% of all) have a backup set that is not restorable now. Many hosts failing together have one cause in common: the backup network, the object store, a credential rotated everywhere. The per-set alerts stay quiet while this one fires; the fleet dashboard lists the hosts.' % { hosts: c.sharedCauseMinHosts, percent: c.sharedCauseMinShare * 100 },
              runbook_url: c.runbookBase + 'mysqlbackupfleetmanyhostsfailing',
            },
          },
          {
            alert: 'MysqlBackupFleetDrillCoverageLow',
            expr: 'mysql_backup_fleet:drill_coverage_ratio < %g' % c.drillCoverageMin,
            'for': c.drillCoverageFor,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Only {{ $value | humanizePercentage }} of the backup sets of%s had a restore drill within %d days' % [groupWords, c.drillWindowSeconds / 86400],
              description: 'Of the backup sets of%s, only {{ $value | humanizePercentage }} had a successful restore drill within the last %d days (at least %g%% should). A backup that was never restored is a hope, not a backup.' % [groupWords, c.drillWindowSeconds / 86400, c.drillCoverageMin * 100],
              runbook_url: c.runbookBase + 'mysqlbackupfleetdrillcoveragelow',
            },
          },
        ],
      },
    ],
  },
}
