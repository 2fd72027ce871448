// Fleet rollups: per set (one series each, never per artifact), per host and per group (_config.groupLabels), cheap
// enough for thousands of exporters. Evaluated where every host's series meet: the query layer (vmalert against
// VictoriaMetrics, the Thanos ruler, Mimir's ruler) or a Prometheus that sees them all. Within the group, each rule
// reads the ones above it, from the same evaluation.
local labels = import '../lib/labels.libsonnet';

{
  prometheusRules+:: {
    local c = $._config,
    local l = labels.new(c),
    local rp = c.recoveryPoint,
    groups+: [
      {
        name: 'mysql-backup-fleet-rollups',
        rules: [
          {
            comment:: "1 for a set that is not restorable now (the overview's first row: a failed check of the newest artifact, overdue, point-in-time recovery broken, a failed restore drill, or no good artifact), else 0.",
            record: 'mysql_backup_fleet:set_not_restorable',
            expr: |||
              max by (%(set)s) (
                  %(check)s == 0
                or
                  %(overdue)s == 1
                or
                  %(pitr)s == 0
                or
                  %(drill)s == 0
                or
                  sum by (%(set)s) (%(ok)s) == 0
              ) * 0 + 1
              or
              max by (%(set)s) (%(info)s) * 0
            ||| % l {
              check: l.metric('mysql_backup_check_ok'),
              overdue: l.metric('mysql_backup_overdue'),
              pitr: l.metric('mysql_backup_pitr_ok'),
              drill: l.metric('mysql_backup_restore_test_ok'),
              ok: l.metric('mysql_backup_artifacts', 'status="ok"'),
              info: l.metric('mysql_backup_info'),
            },
          },
          {
            comment:: "The age of the set's recovery point divided by its objective: above 1, the set has lost more than its objective allows. _config.recoveryPoint says which series these are.",
            record: 'mysql_backup_fleet:set_recovery_point_ratio',
            expr: |||
              max by (%(set)s) (%(age)s)
              /
              (
                  max by (%(set)s) (%(objective)s)
                or
                  max by (%(set)s) (%(fallback)s)
                or
                  max by (%(set)s) (%(info)s) * 0 + %(default)d
              )
            ||| % l {
              age: if rp.timestampMetric != null
              then 'time() - %s' % l.metric(rp.timestampMetric, 'scope="%s"' % rp.scope)
              else l.metric(rp.ageMetric),
              objective: l.metric(rp.objectiveMetric),
              fallback: l.metric(rp.fallbackObjectiveMetric),
              info: l.metric('mysql_backup_info'),
              default: rp.defaultObjectiveSeconds,
            },
          },
          {
            comment:: "1 while the host's exporter answers and no inspection of it is stuck; 0 when it stopped answering within _config.exporterSeenWindow (down, or its series no longer arrive: stale).",
            record: 'mysql_backup_fleet:host_exporter_healthy',
            expr: |||
              max by (%(host)s) (
                %(build)s unless on (job, instance) (%(stuck)s > 0)
              )
              or
              max by (%(host)s) (max_over_time(%(build)s[%(window)s])) * 0
            ||| % l {
              build: l.metric('mysql_backup_exporter_build_info'),
              stuck: l.metric('mysql_backup_exporter_inspections_stuck'),
              window: c.exporterSeenWindow,
            },
          },
          {
            record: 'mysql_backup_fleet:host_sets',
            expr: 'count by (%(host)s) (%(info)s)' % l { info: l.metric('mysql_backup_info') },
          },
          {
            record: 'mysql_backup_fleet:host_sets_not_restorable',
            expr: 'sum by (%(host)s) (mysql_backup_fleet:set_not_restorable)' % l,
          },
          {
            comment:: 'Sets without a schedule are never overdue.',
            record: 'mysql_backup_fleet:host_sets_overdue',
            expr: |||
              sum by (%(host)s) (%(overdue)s)
              or
              mysql_backup_fleet:host_sets * 0
            ||| % l { overdue: l.metric('mysql_backup_overdue') },
          },
          {
            comment:: 'Sets with a successful restore drill within _config.drillWindowSeconds.',
            record: 'mysql_backup_fleet:host_sets_drilled',
            expr: |||
              count by (%(host)s) (%(age)s < %(window)d)
              or
              mysql_backup_fleet:host_sets * 0
            ||| % l { age: l.metric('mysql_backup_restore_test_last_success_age_seconds'), window: c.drillWindowSeconds },
          },
          {
            comment:: 'Sets of which at least one remote holds a current copy: reachable, and within its max_lag.',
            record: 'mysql_backup_fleet:host_sets_offsite',
            expr: |||
              count by (%(host)s) (
                max by (%(set)s) (
                  %(lag)s <= %(maxLag)s
                  and
                  %(up)s == 1
                )
              )
              or
              mysql_backup_fleet:host_sets * 0
            ||| % l {
              lag: l.metric('mysql_backup_offsite_lag_seconds'),
              maxLag: l.metric('mysql_backup_offsite_max_lag_seconds'),
              up: l.metric('mysql_backup_offsite_up'),
            },
          },
          {
            record: 'mysql_backup_fleet:host_worst_recovery_point_ratio',
            expr: 'max by (%(host)s) (mysql_backup_fleet:set_recovery_point_ratio)' % l,
          },
          {
            record: 'mysql_backup_fleet:hosts',
            expr: 'count by (%(group)s) (mysql_backup_fleet:host_exporter_healthy)' % l,
          },
          {
            comment:: 'Hosts with at least one set that is not restorable now.',
            record: 'mysql_backup_fleet:hosts_failing',
            expr: |||
              count by (%(group)s) (mysql_backup_fleet:host_sets_not_restorable > 0)
              or
              count by (%(group)s) (mysql_backup_fleet:host_sets) * 0
            ||| % l,
          },
          {
            record: 'mysql_backup_fleet:exporters_down_or_stale',
            expr: 'count by (%(group)s) (mysql_backup_fleet:host_exporter_healthy == 0)\nor\nmysql_backup_fleet:hosts * 0\n' % l,
          },
          {
            record: 'mysql_backup_fleet:sets',
            expr: 'sum by (%(group)s) (mysql_backup_fleet:host_sets)' % l,
          },
          {
            record: 'mysql_backup_fleet:sets_not_restorable',
            expr: 'sum by (%(group)s) (mysql_backup_fleet:host_sets_not_restorable)' % l,
          },
          {
            record: 'mysql_backup_fleet:sets_overdue',
            expr: 'sum by (%(group)s) (mysql_backup_fleet:host_sets_overdue)' % l,
          },
          {
            comment:: 'The share of sets with a successful drill within _config.drillWindowSeconds.',
            record: 'mysql_backup_fleet:drill_coverage_ratio',
            expr: 'sum by (%(group)s) (mysql_backup_fleet:host_sets_drilled)\n/\nmysql_backup_fleet:sets\n' % l,
          },
          {
            record: 'mysql_backup_fleet:offsite_coverage_ratio',
            expr: 'sum by (%(group)s) (mysql_backup_fleet:host_sets_offsite)\n/\nmysql_backup_fleet:sets\n' % l,
          },
          {
            record: 'mysql_backup_fleet:worst_recovery_point_ratio',
            expr: 'max by (%(group)s) (mysql_backup_fleet:host_worst_recovery_point_ratio)' % l,
          },
        ],
      },
    ],
  },
}
