// Everything a site changes about the mixin, in one place: which series are the exporter's, the labels a fleet is
// grouped by, and the thresholds of the fleet alerts. Override it when importing the mixin:
//   (import 'mixin/mixin.libsonnet') + { _config+:: { groupLabels: ['team', 'datacenter'] } }
{
  _config+:: {
    // A label matcher added to every series the fleet rules read (empty: every backup-exporter series), e.g.
    // 'env="prod"' when one query layer holds environments that must not be summed together.
    selector: '',

    // The labels that name one exporter (one host, or one backup server): Prometheus' own target labels.
    hostLabels: ['job', 'instance'],

    // The target or external labels a fleet is grouped by. A label a series lacks is simply empty, so the defaults
    // work whether or not a site sets them.
    groupLabels: ['team', 'region', 'env'],

    // The age of each set's recovery point and its objective, per set: time() minus the exporter's recovery point of
    // `scope` (local: what this host can restore now), against the set's `rpo`; a set without one is held against its
    // schedule (its longest gap between two starts), else daily. With timestampMetric null, ageMetric is read instead
    // (an exporter older than the recovery point: the newest good backup's age).
    recoveryPoint: {
      timestampMetric: 'mysql_backup_recovery_point_timestamp_seconds',
      scope: 'local',
      ageMetric: 'mysql_backup_last_success_age_seconds',
      objectiveMetric: 'mysql_backup_rpo_seconds',
      fallbackObjectiveMetric: 'mysql_backup_schedule_interval_seconds',
      defaultObjectiveSeconds: 86400,
    },

    // A set is covered by restore drills when one succeeded within this window.
    drillWindowSeconds: 7 * 86400,
    // The drill coverage alert: a group below this share of covered sets, for this long.
    drillCoverageMin: 0.8,
    drillCoverageFor: '1d',

    // The shared-cause alert: at least this many hosts, and at least this share of all hosts, with a set that is not
    // restorable, at once. Its for: is shorter than that of the per-host alerts it inhibits (5m and more), so that it
    // reaches Alertmanager first (deploy/alertmanager/alertmanager.yml).
    sharedCauseMinHosts: 3,
    sharedCauseMinShare: 0.1,
    sharedCauseFor: '1m',

    // A host whose exporter answered within this window and no longer does counts as down (it then leaves the count).
    exporterSeenWindow: '1d',

    // Where the runbook links point: docs/base-url, which scripts/set-docs-url changes for a site.
    runbookBase: std.rstripChars(importstr '../docs/base-url', '\n') + '/runbooks.md#',

    // The per-host dashboard the fleet dashboard drills down to.
    overviewUid: 'mysql-backup-overview',
  },
}
