// The per-host alerts of alert-rules/ as they are, then the fleet alerts.
local ruleFiles = import '../lib/ruleFiles.libsonnet';

{
  prometheusAlerts+:: { groups+: ruleFiles.alertGroups },
} + (import 'fleet.libsonnet')
