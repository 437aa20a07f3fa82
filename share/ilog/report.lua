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
      for word in s:gmatch("%S+") do
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
  local total, width = 0, {}
  for i = 1, #tbl.colspecs do
    -- as wide as the longest word and a margin, wider for long text, up
    -- to a point: long text wraps
    local w = math.max((need[i] or 1) * 1.25 + 2, math.min(want[i] or 1, 40) * 0.5)
    width[i] = w
    total = total + w
  end
  -- a short table (a count per row) need not fill the page
  local scale = 1
  if total < 40 then
    scale = total / 40
    tbl.attr.classes:insert("narrow")
  end
  for i = 1, #tbl.colspecs do
    tbl.colspecs[i][2] = width[i] / total * scale
  end
  return tbl
end
