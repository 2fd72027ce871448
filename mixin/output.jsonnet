// What the mixin yields, as the community's tools lay it out (jsonnet -m): prometheus_alerts.yaml and
// prometheus_rules.yaml (JSON, which is YAML: jsonnet 0.18 takes seconds to write YAML), one file per dashboard.
local mixin = import 'mixin.libsonnet';

{
  'prometheus_alerts.yaml': mixin.prometheusAlerts,
  'prometheus_rules.yaml': mixin.prometheusRules,
} + {
  ['dashboards_out_' + name]: mixin.grafanaDashboards[name]
  for name in std.objectFields(mixin.grafanaDashboards)
}
