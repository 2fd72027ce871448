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

    // The age of each set's recovery point and its objective, per set. Until the exporter exports the recovery point
    // itself, these are the newest good backup's age and the set's schedule (its longest gap between two starts; a
    // set without a schedule is taken as daily). Switching to the recovery point later changes only these three.
    recoveryPoint: {
      ageMetric: 'mysql_backup_last_success_age_seconds',
      objectiveMetric: 'mysql_backup_schedule_interval_seconds',
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
