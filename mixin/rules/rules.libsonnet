// The per-host recording rules of alert-rules/ (causes, thresholds) as they are, then the fleet rollups.
local ruleFiles = import '../lib/ruleFiles.libsonnet';

{
  prometheusRules+:: { groups+: ruleFiles.ruleGroups },
} + (import 'fleet.libsonnet')
