// The backup-exporter monitoring mixin: prometheusAlerts, prometheusRules and grafanaDashboards, with the selectors,
// grouping labels and thresholds in config.libsonnet (_config). Build it with mixin/build (docs/fleet.md).
(import 'config.libsonnet') +
(import 'alerts/alerts.libsonnet') +
(import 'rules/rules.libsonnet') +
(import 'dashboards/dashboards.libsonnet')
