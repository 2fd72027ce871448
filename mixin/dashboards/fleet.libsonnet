// The fleet dashboard: hosts by state, the worst recovery points, drill and off-site coverage per group, with a
// drill-down to the per-host overview. Every panel reads the fleet rollups (rules/fleet.libsonnet): one series per
// host or per group, never one per artifact, so that it stays fast with hundreds of hosts.
{
  grafanaDashboards+:: {
    local c = $._config,
    local ds = { type: 'prometheus', uid: '${datasource}' },
    // Every group label is a filter variable; "All" matches hosts without the label too.
    local filter = std.join(', ', ['%s=~"$%s"' % [g, g] for g in c.groupLabels]),
    local sel(metric) = metric + '{' + filter + '}',
    local overview = '/d/%s/mysql-backups-overview' % c.overviewUid,

    local target(expr, refId='A', instant=false, legend='') = {
      datasource: ds,
      expr: expr,
      refId: refId,
      [if instant then 'instant']: true,
      [if instant then 'format']: 'table',
      [if legend != '' then 'legendFormat']: legend,
    },
    local panel(id, type, title, description, grid, targets, extra={}) = {
      id: id,
      type: type,
      title: title,
      description: description,
      datasource: ds,
      gridPos: grid,
      targets: targets,
    } + extra,
    local row(id, title, y) = { id: id, type: 'row', title: title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: y }, panels: [] },
    local stat(id, title, description, x, y, expr, unit='none', thresholds=[{ color: 'green', value: null }, { color: 'red', value: 1 }]) =
      panel(id, 'stat', title, description, { h: 4, w: 4, x: x, y: y }, [target(expr, instant=true)], {
        fieldConfig: { defaults: { unit: unit, thresholds: { mode: 'absolute', steps: thresholds } }, overrides: [] },
        options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none', textMode: 'value' },
      }),
    // Coverage in percent: jsonnet 0.18 writes 0.8 as 0.80000000000000004, whole numbers as they are.
    local percent = std.floor(c.drillCoverageMin * 100 + 0.5),
    local coverageSteps = [{ color: 'red', value: null }, { color: 'orange', value: std.floor(percent * 3 / 4) }, { color: 'green', value: percent }],
    local hostLink = {
      title: 'Overview of ${__data.fields.instance}',
      url: overview + '?var-datasource=${datasource}&var-instance=${__data.fields.instance}',
    },

    local variables = [
      {
        type: 'datasource',
        name: 'datasource',
        label: 'Data source',
        description: 'The query layer that holds every host: Thanos, Mimir, VictoriaMetrics, or a Prometheus that sees them all',
        query: 'prometheus',
        current: {},
        hide: 0,
        includeAll: false,
        multi: false,
        options: [],
        refresh: 1,
        regex: '',
        skipUrlSync: false,
      },
      {
        type: 'custom',
        name: 'group',
        label: 'Group by',
        description: 'The label the coverage panels are grouped by',
        query: std.join(',', c.groupLabels + ['instance']),
        current: { selected: true, text: c.groupLabels[0], value: c.groupLabels[0] },
        options: [],
        hide: 0,
        includeAll: false,
        multi: false,
        skipUrlSync: false,
      },
    ] + [
      {
        type: 'query',
        name: g,
        label: g,
        description: 'Hosts whose %s label matches (All: also hosts without it)' % g,
        datasource: ds,
        query: { query: 'label_values(mysql_backup_fleet:host_sets, %s)' % g, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 },
        definition: 'label_values(mysql_backup_fleet:host_sets, %s)' % g,
        refresh: 2,
        includeAll: true,
        allValue: '.*',
        multi: true,
        current: { selected: true, text: ['All'], value: ['$__all'] },
        sort: 1,
        regex: '',
        options: [],
        hide: 0,
      }
      for g in c.groupLabels
    ],

    'mysql-backup-fleet.json': {
      __inputs:: [],
      __elements: {},
      __requires: [
        { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.4.0' },
        { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
        { type: 'panel', id: 'stat', name: 'stat', version: '' },
        { type: 'panel', id: 'table', name: 'table', version: '' },
        { type: 'panel', id: 'bargauge', name: 'Bar gauge', version: '' },
        { type: 'panel', id: 'timeseries', name: 'timeseries', version: '' },
      ],
      annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
      description: 'Every host watched by backup-exporter, from the fleet rollups: hosts by state, the worst recovery points, drill and off-site coverage per team, region or environment.',
      editable: true,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        { title: 'Runbooks', type: 'link', url: std.splitLimit(c.runbookBase, '#', 1)[0], targetBlank: true, icon: 'doc' },
        { title: 'Backup dashboards', type: 'dashboards', tags: ['mysql-backup'], asDropdown: true, includeVars: false, keepTime: true },
      ],
      refresh: '1m',
      schemaVersion: 39,
      tags: ['mysql-backup', 'backup-exporter', 'mysql', 'fleet'],
      templating: { list: variables },
      time: { from: 'now-7d', to: 'now' },
      timepicker: {},
      timezone: '',
      title: 'MySQL backups — fleet',
      uid: 'mysql-backup-fleet',
      version: 1,
      weekStart: '',
      panels: [
        row(1, 'The fleet now', 0),
        stat(2, 'Hosts failing', 'Hosts with at least one backup set that is not restorable now.', 0, 1,
             'sum(%s) or vector(0)' % sel('mysql_backup_fleet:hosts_failing')),
        stat(3, 'Sets not restorable', 'Backup sets not restorable now: a failed check, overdue, point-in-time recovery broken, a failed drill, no good backup.', 4, 1,
             'sum(%s) or vector(0)' % sel('mysql_backup_fleet:host_sets_not_restorable')),
        stat(4, 'Sets overdue', 'Backup sets whose schedule says a good backup is due, and none came.', 8, 1,
             'sum(%s) or vector(0)' % sel('mysql_backup_fleet:host_sets_overdue')),
        stat(5, 'Exporters down or stale', 'Exporters that stopped answering, or have an inspection stuck.', 12, 1,
             'count(%s == 0) or vector(0)' % sel('mysql_backup_fleet:host_exporter_healthy')),
        stat(6, 'Drill coverage', 'Share of backup sets with a successful restore drill within %d days.' % (c.drillWindowSeconds / 86400), 16, 1,
             '100 * sum(%s) / sum(%s)' % [sel('mysql_backup_fleet:host_sets_drilled'), sel('mysql_backup_fleet:host_sets')], 'percent', coverageSteps),
        stat(7, 'Off-site coverage', 'Share of backup sets of which a remote holds a current copy.', 20, 1,
             '100 * sum(%s) / sum(%s)' % [sel('mysql_backup_fleet:host_sets_offsite'), sel('mysql_backup_fleet:host_sets')], 'percent', coverageSteps),

        row(8, 'Hosts, the worst first', 5),
        panel(9, 'table', 'Hosts by state', 'One row per host, the worst first; the host name opens its overview.', { h: 12, w: 24, x: 0, y: 6 }, [
          target(sel('mysql_backup_fleet:host_sets_not_restorable'), 'A', true),
          target(sel('mysql_backup_fleet:host_sets_overdue'), 'B', true),
          target(sel('mysql_backup_fleet:host_worst_recovery_point_ratio'), 'C', true),
          target(sel('mysql_backup_fleet:host_sets_drilled'), 'D', true),
          target(sel('mysql_backup_fleet:host_sets_offsite'), 'E', true),
          target(sel('mysql_backup_fleet:host_sets'), 'F', true),
          target(sel('mysql_backup_fleet:host_exporter_healthy'), 'G', true),
        ], {
          transformations: [
            { id: 'merge', options: {} },
            { id: 'organize', options: {
              excludeByName: { Time: true, __name__: true, job: true },
              renameByName: {
                'Value #A': 'Not restorable', 'Value #B': 'Overdue', 'Value #C': 'Worst recovery point / objective',
                'Value #D': 'Drilled', 'Value #E': 'Off-site', 'Value #F': 'Sets', 'Value #G': 'Exporter healthy',
              },
            } },
            { id: 'sortBy', options: { sort: [{ field: 'Not restorable', desc: true }] } },
          ],
          fieldConfig: {
            defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
            overrides: [
              { matcher: { id: 'byName', options: 'instance' }, properties: [{ id: 'links', value: [hostLink] }] },
              { matcher: { id: 'byName', options: 'Not restorable' }, properties: [
                { id: 'custom.cellOptions', value: { type: 'color-background' } },
                { id: 'thresholds', value: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1 }] } },
              ] },
              { matcher: { id: 'byName', options: 'Worst recovery point / objective' }, properties: [
                { id: 'unit', value: 'percentunit' },
                { id: 'custom.cellOptions', value: { type: 'color-background' } },
                { id: 'thresholds', value: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: 1 }, { color: 'red', value: 2 }] } },
              ] },
              { matcher: { id: 'byName', options: 'Exporter healthy' }, properties: [
                { id: 'mappings', value: [{ type: 'value', options: { '0': { text: 'down or stale', color: 'red' }, '1': { text: 'yes', color: 'green' } } }] },
                { id: 'custom.cellOptions', value: { type: 'color-text' } },
              ] },
            ],
          },
          options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
        }),

        row(10, 'Worst recovery points', 18),
        panel(11, 'table', 'Top 10 worst recovery points', 'The ten backup sets that have lost the most against their objective (the newest good backup\'s age against the schedule, until the exporter exports the recovery point).', { h: 9, w: 24, x: 0, y: 19 }, [
          target('topk(10, %s)' % sel('mysql_backup_fleet:set_recovery_point_ratio'), 'A', true),
        ], {
          transformations: [
            { id: 'organize', options: { excludeByName: { Time: true, __name__: true, job: true }, renameByName: { Value: 'Recovery point / objective' } } },
            { id: 'sortBy', options: { sort: [{ field: 'Recovery point / objective', desc: true }] } },
          ],
          fieldConfig: {
            defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
            overrides: [
              { matcher: { id: 'byName', options: 'instance' }, properties: [{ id: 'links', value: [hostLink] }] },
              { matcher: { id: 'byName', options: 'backup' }, properties: [{ id: 'links', value: [{
                title: 'Overview of ${__data.fields.backup} on ${__data.fields.instance}',
                url: overview + '?var-datasource=${datasource}&var-instance=${__data.fields.instance}&var-backup=${__data.fields.backup}',
              }] }] },
              { matcher: { id: 'byName', options: 'Recovery point / objective' }, properties: [
                { id: 'unit', value: 'percentunit' },
                { id: 'custom.cellOptions', value: { type: 'color-background' } },
                { id: 'thresholds', value: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: 1 }, { color: 'red', value: 2 }] } },
              ] },
            ],
          },
          options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
        }),

        row(12, 'Coverage per $group', 28),
        panel(13, 'bargauge', 'Drill coverage per $group', 'Share of backup sets with a successful restore drill within %d days.' % (c.drillWindowSeconds / 86400), { h: 8, w: 12, x: 0, y: 29 }, [
          target('100 * sum by ($group) (%s) / sum by ($group) (%s)' % [sel('mysql_backup_fleet:host_sets_drilled'), sel('mysql_backup_fleet:host_sets')], 'A', true, '{{$group}}'),
        ], {
          fieldConfig: { defaults: { unit: 'percent', min: 0, max: 100, thresholds: { mode: 'absolute', steps: coverageSteps } }, overrides: [] },
          options: { orientation: 'horizontal', displayMode: 'basic', showUnfilled: true, reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
        }),
        panel(14, 'bargauge', 'Off-site coverage per $group', 'Share of backup sets of which a remote holds a current copy.', { h: 8, w: 12, x: 12, y: 29 }, [
          target('100 * sum by ($group) (%s) / sum by ($group) (%s)' % [sel('mysql_backup_fleet:host_sets_offsite'), sel('mysql_backup_fleet:host_sets')], 'A', true, '{{$group}}'),
        ], {
          fieldConfig: { defaults: { unit: 'percent', min: 0, max: 100, thresholds: { mode: 'absolute', steps: coverageSteps } }, overrides: [] },
          options: { orientation: 'horizontal', displayMode: 'basic', showUnfilled: true, reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
        }),
        panel(15, 'timeseries', 'Sets not restorable per $group', 'How many sets were not restorable, over time: a step in many groups at once points at a shared cause.', { h: 8, w: 24, x: 0, y: 37 }, [
          target('sum by ($group) (%s)' % sel('mysql_backup_fleet:host_sets_not_restorable'), 'A', false, '{{$group}}'),
        ], {
          fieldConfig: { defaults: { unit: 'none', min: 0, custom: { drawStyle: 'line', fillOpacity: 10, stacking: { mode: 'normal', group: 'A' } } }, overrides: [] },
          options: { legend: { displayMode: 'table', placement: 'right', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } },
        }),
      ],
    },
  },
}
