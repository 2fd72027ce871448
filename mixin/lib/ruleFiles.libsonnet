// The per-host rule files of alert-rules/, the one source of those rules, read as they are (lib/yaml.libsonnet).
// jsonnet cannot list a directory: a new rule file is added here, and a test fails while one is missing.
local yaml = import 'yaml.libsonnet';

local files = {
  'age.rules.yml': importstr '../../alert-rules/age.rules.yml',
  'binlog-archive.rules.yml': importstr '../../alert-rules/binlog-archive.rules.yml',
  'binlog.rules.yml': importstr '../../alert-rules/binlog.rules.yml',
  'causes.rules.yml': importstr '../../alert-rules/causes.rules.yml',
  'change.rules.yml': importstr '../../alert-rules/change.rules.yml',
  'checks.rules.yml': importstr '../../alert-rules/checks.rules.yml',
  'drills.rules.yml': importstr '../../alert-rules/drills.rules.yml',
  'exporter.rules.yml': importstr '../../alert-rules/exporter.rules.yml',
  'locks.rules.yml': importstr '../../alert-rules/locks.rules.yml',
  'log-errors.rules.yml': importstr '../../alert-rules/log-errors.rules.yml',
  'objectives.rules.yml': importstr '../../alert-rules/objectives.rules.yml',
  'offsite.rules.yml': importstr '../../alert-rules/offsite.rules.yml',
  'overdue.rules.yml': importstr '../../alert-rules/overdue.rules.yml',
  'pitr.rules.yml': importstr '../../alert-rules/pitr.rules.yml',
  'retention.rules.yml': importstr '../../alert-rules/retention.rules.yml',
  'reverify.rules.yml': importstr '../../alert-rules/reverify.rules.yml',
  'recovery-points.rules.yml': importstr '../../alert-rules/recovery-points.rules.yml',
  'server.rules.yml': importstr '../../alert-rules/server.rules.yml',
  'size.rules.yml': importstr '../../alert-rules/size.rules.yml',
  'thresholds.rules.yml': importstr '../../alert-rules/thresholds.rules.yml',
  'volume.rules.yml': importstr '../../alert-rules/volume.rules.yml',
};

local groups = std.flattenArrays([yaml.parse(files[f]).groups for f in std.objectFields(files)]);
local hasAlert(g) = std.length([r for r in g.rules if std.objectHas(r, 'alert')]) > 0;

{
  names: std.objectFields(files),
  // Groups with an alert belong to prometheusAlerts, groups of recording rules only to prometheusRules; a group is
  // never split, so that its rules keep their order of evaluation.
  alertGroups: [g for g in groups if hasAlert(g)],
  ruleGroups: [g for g in groups if !hasAlert(g)],
}
