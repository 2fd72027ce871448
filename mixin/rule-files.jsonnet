// The fleet rule files of alert-rules/, made from the mixin (jsonnet -S -m): mixin/build writes them there.
local mixin = import 'mixin.libsonnet';
local manifest = import 'lib/manifest.libsonnet';

local header(source) = |||
  Made by mixin/build from %s and mixin/config.libsonnet (_config): edit those, then run
  mixin/build again; a test fails while the two differ. docs/fleet.md says where these rules are evaluated.
||| % source;

local named(groups, name) = [g for g in groups if g.name == name];

{
  'fleet-rollups.rules.yml': manifest.ruleFile(
    'Fleet rollups: per set, per host and per group of hosts, for a query layer that sees every host.\n' + header('mixin/rules/fleet.libsonnet'),
    named(mixin.prometheusRules.groups, 'mysql-backup-fleet-rollups')
  ),
  'fleet.rules.yml': manifest.ruleFile(
    'Fleet alerts: what no single host\'s page says.\n' + header('mixin/alerts/fleet.libsonnet'),
    named(mixin.prometheusAlerts.groups, 'mysql-backup-fleet')
  ),
}
