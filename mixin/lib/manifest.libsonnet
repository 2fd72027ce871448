// Writes rule groups as a rule file in the style of alert-rules/: keys in the order a reader looks for them (record
// or alert, expr, for, labels, annotations), expressions as "|" blocks, each rule's hidden comment:: above it.
// (std.manifestYamlDoc sorts keys and drops comments.)
local quoted(s) = '"' + std.strReplace(std.strReplace(s, '\\', '\\\\'), '"', '\\"') + '"';

local block(indent, text) =
  local lines = std.split(std.rstripChars(text, '\n'), '\n');
  std.join('', [(if l == '' then '' else indent + l) + '\n' for l in lines]);

// Annotations in the order of the other rule files; label values plain, annotations quoted (they hold templates).
local order = ['summary', 'description', 'runbook_url'];
local keys(m) = [k for k in order if std.objectHas(m, k)] + [k for k in std.objectFields(m) if !std.member(order, k)];
local map(indent, name, m, quote) =
  if std.length(std.objectFields(m)) == 0 then ''
  else indent + name + ':\n' + std.join('', [indent + '  ' + k + ': ' + (if quote then quoted(m[k]) else m[k]) + '\n' for k in keys(m)]);

// A comment, wrapped at 120 columns as the other rule files are.
local wrap(text, width) =
  local words = std.split(text, ' ');
  local step(lines, w) =
    local last = lines[std.length(lines) - 1];
    if last == '' then lines[:std.length(lines) - 1] + [w]
    else if std.length(last) + 1 + std.length(w) > width then lines + [w]
    else lines[:std.length(lines) - 1] + [last + ' ' + w];
  std.join('\n', std.foldl(step, words, ['']));

local rule(r) =
  (if std.objectHasAll(r, 'comment') then block('      # ', wrap(r.comment, 112)) else '')
  + (if std.objectHas(r, 'record') then '      - record: ' + r.record + '\n' else '      - alert: ' + r.alert + '\n')
  // One line as it is; more lines as a "|" block, which ends with a line break: the text must too.
  + (if std.length(std.findSubstr('\n', r.expr)) == 0 then '        expr: ' + r.expr + '\n'
     else if std.endsWith(r.expr, '\n') then '        expr: |\n' + block('          ', r.expr)
     else error 'an expression of more than one line must end with a line break: ' + r.expr)
  + (if std.objectHas(r, 'for') then '        for: ' + r['for'] + '\n' else '')
  + map('        ', 'labels', std.get(r, 'labels', {}), false)
  + map('        ', 'annotations', std.get(r, 'annotations', {}), true);

{
  ruleFile(header, groups)::
    block('# ', header)
    + 'groups:\n'
    + std.join('\n', [
      '  - name: ' + g.name + '\n    rules:\n' + std.join('\n', [rule(r) for r in g.rules])
      for g in groups
    ]),
}
