// The per-host dashboards of dashboards/ as they are (JSON is jsonnet), then the fleet dashboard.
{
  grafanaDashboards+:: {
    'mysql-backup-overview.json': import '../../dashboards/mysql-backup-overview.json',
    'mysql-backup-server.json': import '../../dashboards/mysql-backup-server.json',
  },
} + (import 'fleet.libsonnet')
