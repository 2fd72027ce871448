// The label lists and selectors the fleet rules, alerts and dashboard share, made from _config.
{
  new(c):: {
    local join(labels) = std.join(', ', labels),
    // One exporter (host), with its group labels kept so that every rollup can be summed per group.
    host: join(c.hostLabels + c.groupLabels),
    set: join(c.hostLabels + c.groupLabels + ['backup']),
    group: join(c.groupLabels),
    // A series of the exporter, restricted by the site's selector.
    metric(name, matchers=''):: name + (
      local all = std.filter(function(m) m != '', [matchers, c.selector]);
      if std.length(all) == 0 then '' else '{' + std.join(', ', all) + '}'
    ),
  },
}
