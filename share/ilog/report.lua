-- report.lua: pandoc filter for ilog-md -o: relative column widths for
-- every table, from what its cells hold, so that no word is broken in two
-- (pandoc's gfm reader gives none, and DOCX then has equal columns).

local function text_of(cell)
  return pandoc.utils.stringify(cell.contents or cell)
end

-- The longest word and the whole length of each column's cells.
local function measure(rows, need, want)
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row.cells or row) do
      local s = text_of(cell)
      local len = utf8.len(s) or #s
      -- a line may break after the hyphen of "property-damage", not inside
      -- a reference such as NC-11092026-0457
      for word in s:gsub("(%a%-)(%a)", "%1 %2"):gmatch("%S+") do
        local w = utf8.len(word) or #word
        if w > (need[i] or 0) then need[i] = w end
      end
      if len > (want[i] or 0) then want[i] = len end
    end
  end
end

function Table(tbl)
  local need, want = {}, {}
  measure(tbl.head.rows, need, want)
  for _, body in ipairs(tbl.bodies) do
    measure(body.body, need, want)
  end
  -- A4 holds about 120 characters of 8 pt table text a line: each column gets
  -- its longest word and a margin (digits are wider than the average
  -- letter), and what is left goes to the columns whose text would wrap, as
  -- much as each would need.
  local line, n = 120, #tbl.colspecs
  local base, more, sum_base, sum_more = {}, {}, 0, 0
  for i = 1, n do
    base[i] = (need[i] or 1) * 1.25 + 3
    more[i] = math.max((want[i] or 1) + 2 - base[i], 0)
    sum_base = sum_base + base[i]
    sum_more = sum_more + more[i]
  end
  if sum_base > line * 0.85 and sum_more > 0 then
    -- many columns (the timeline): 7 pt, or the text would have no room
    tbl.attr.classes:insert("dense")
    line = line * 8 / 7
  elseif sum_base + sum_more < line * 0.4 then
    -- a short table (a count per row) need not fill the page: its
    -- widths stay fractions of the line (pandoc writes their sum as the
    -- table's width, which a sum of 1 would make the whole page)
    tbl.attr.classes:insert("narrow")
  end
  -- a table that fits gets up to a fifth more than it measures: digits
  -- and capitals are wider than the average letter ("NC-11092026-0457")
  local scale = 1
  if sum_base + sum_more <= line then
    scale = math.min(line / (sum_base + sum_more), 1.2)
  end
  local spare = math.max(line - sum_base, 0)
  for i = 1, n do
    local extra = sum_more > 0 and spare * math.min(more[i] / sum_more, 1) or 0
    extra = math.min(extra, more[i])
    tbl.colspecs[i][2] = (base[i] + extra) * scale / math.max(line, sum_base)
  end
  return tbl
end
