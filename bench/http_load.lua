-- wrk script for bench/http_load.sh: each request takes the next of a mix of real queries
-- (plain words, kana spellings, phrases, filters, grouping, paging) against /api/search.
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local queries = {
  "q=" .. encode("移住"),
  "q=" .. encode("子育て 支援"),
  "q=" .. encode("こそだて"),
  "q=" .. encode("デジタル") .. "&city=" .. encode("鹿児島市"),
  "q=" .. encode("観光"),
  "q=" .. encode("防災 OR 減災"),
  "q=" .. encode("空き家"),
  "q=" .. encode("高齢者 福祉"),
  "q=" .. encode("\"移住支援金\""),
  "q=" .. encode("脱炭素"),
  "q=" .. encode("図書館") .. "&sort=year",
  "q=" .. encode("移住 支援") .. "&group_by=city&per_group=3",
  "q=" .. encode("健康") .. "&city=" .. encode("須坂市") .. "&limit=20",
  "q=" .. encode("公園 -駐車場"),
  "q=" .. encode("教育") .. "&offset=10&limit=10",
  "q=" .. encode("まちづくり") .. "&flag=" .. encode("新") .. "&flag=" .. encode("拡"),
}

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/search?" .. queries[(counter % #queries) + 1])
end
