// Reads a Prometheus rule file as std.parseYaml would, also with jsonnet 0.18 (Debian's), whose parseYaml fails on
// any string that holds a line break: every rule file writes its expressions as "expr: |" blocks. So each "key: |"
// block is first folded into one double-quoted line with a marker for its line breaks, and the marker is turned back
// into "\n" after parsing. Only the literal block style "|" (clip) is folded: it is the only one the rule files use.
// A drift test compares what this reads with a YAML library's reading of every file. (std.lstripChars and
// std.escapeStringJson take seconds per file in 0.18, so the helpers below are written out.)
local nl = '<<line break>>';

local indentOf(line) =
  local go(k) = if k < std.length(line) && line[k] == ' ' then go(k + 1) else k;
  go(0);

local blank(line) = indentOf(line) == std.length(line);

local isBlockStart(line) = std.endsWith(line, ': |');

// Where the block that starts after line i ends: at the first line that is neither blank nor deeper than the key.
local blockEnd(lines, i) =
  local keyIndent = indentOf(lines[i]);
  local go(j) = if j < std.length(lines) && (blank(lines[j]) || indentOf(lines[j]) > keyIndent) then go(j + 1) else j;
  go(i + 1);

local quoted(s) = '"' + std.strReplace(std.strReplace(s, '\\', '\\\\'), '"', '\\"') + '"';

local folded(lines, i, end) =
  local kept = [j for j in std.range(i + 1, end - 1) if !blank(lines[j])];
  // Clip: the blank lines at the end are not part of the value; one final line break is.
  local last = if std.length(kept) == 0 then i else kept[std.length(kept) - 1];
  local indent = std.foldl(std.min, [indentOf(lines[j]) for j in kept], 1000);
  local content = std.join(nl, [if blank(lines[j]) then '' else lines[j][indent:] for j in std.range(i + 1, last)]);
  local head = lines[i];
  head[:std.length(head) - 1] + quoted(content + nl);

local fold(lines) =
  local n = std.length(lines);
  local ends = { [std.toString(i)]: blockEnd(lines, i) for i in std.range(0, n - 1) if isBlockStart(lines[i]) };
  local inside = std.set(std.flattenArrays([std.range(std.parseInt(i) + 1, ends[i] - 1) for i in std.objectFields(ends)]));
  [
    if std.objectHas(ends, std.toString(i)) then folded(lines, i, ends[std.toString(i)]) else lines[i]
    for i in std.range(0, n - 1)
    if !std.setMember(i, inside)
  ];

local unmark(v) =
  if std.isString(v) then std.strReplace(v, nl, '\n')
  else if std.isArray(v) then [unmark(x) for x in v]
  else if std.isObject(v) then { [k]: unmark(v[k]) for k in std.objectFields(v) }
  else v;

{
  // The parsed contents of a YAML text (a rule file read with importstr).
  parse(text):: unmark(std.parseYaml(std.join('\n', fold(std.split(text, '\n'))))),
}
