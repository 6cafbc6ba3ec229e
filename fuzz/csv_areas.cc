// CSV imports: the generic reader (ParseCsv, its cell lookup and CsvEscape, which must round-trip
// through ParseCsv) and the area list on top of it (ParseAreasCsv), whose rows must satisfy the
// contract the areas service relies on.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/csv.h"
#include "fuzz/fuzz_check.h"
#include "modules/areas/area_code.h"
#include "modules/areas/area_csv.h"

namespace {

namespace areas = civicgrid::areas;
namespace base = civicgrid::base;
using civicgrid::fuzz::Check;

constexpr size_t kMaxRoundTrips = 64;

void CheckTable(const base::CsvTable& table) {
  int previous_line = 1;
  for (const auto& h : table.header) {
    Check(h.empty() || (h.back() != ' ' && h.back() != '\t'), "header names are trimmed");
  }
  for (const auto& row : table.rows) {
    Check(row.line > previous_line, "data rows follow the header in order");
    previous_line = row.line;
    Check(!row.cells.empty(), "a row has cells");
    for (size_t i = 0; i < table.header.size(); ++i) {
      const std::string cell = table.Cell(row, table.header[i]);
      const int col = table.Column(table.header[i]);
      Check(col >= 0 && static_cast<size_t>(col) <= i, "a header name finds its first column");
      if (static_cast<size_t>(col) >= row.cells.size()) Check(cell.empty(), "absent cell is \"\"");
    }
  }
  (void)base::RequireColumns(table, {"code", "name", "level", "parent_code"});
}

// A row written with CsvEscape (as the exports do) reads back the same. A row of one empty cell
// is a blank line, which the reader skips by design.
void CheckRoundTrip(const base::CsvTable& table) {
  size_t n = 0;
  for (const auto& row : table.rows) {
    if (++n > kMaxRoundTrips) break;
    if (row.cells.size() == 1 && row.cells[0].empty()) continue;
    std::string text = "h\n";
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (i > 0) text += ',';
      text += base::CsvEscape(row.cells[i]);
    }
    auto again = base::ParseCsv(text);
    Check(again.has_value(), "an escaped row parses");
    Check(again->rows.size() == 1 && again->rows[0].cells == row.cells, "CsvEscape round-trips");
  }
}

void CheckAreas(const areas::AreaRows& parsed) {
  for (const auto& row : parsed.rows) {
    Check(row.line >= 2, "an area row is a data row");
    const auto& a = row.area;
    Check((a.level == areas::AreaLevel::kGrid) == (a.grid_type != areas::GridType::kNone),
          "grids and only grids have a grid type");
    Check(a.households >= 0 && a.households <= 100000, "households within 0..100000");
    if (a.center) {
      const double x = a.center->x(), y = a.center->y();
      Check(std::isfinite(x) && std::isfinite(y), "a centre is finite");
      Check(x >= -180 && x <= 180 && y >= -90 && y <= 90, "a centre is WGS-84 degrees");
    }
    // What the service does next with the codes.
    for (const std::string* code : {&a.code, &a.parent_code}) {
      if (auto level = areas::LevelOfCode(*code)) {
        (void)areas::SignificantPrefix(*code);
        (void)areas::AncestorAt(*code, areas::AreaLevel::kDistrict);
        Check(areas::Within(*code, *code), "an area lies within itself");
      }
    }
  }
  for (const auto& [key, reason] : parsed.errors) {
    Check(key.rfind("line ", 0) == 0 && !reason.empty(), "errors name their line");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = civicgrid::fuzz::AsText(data, size);
  auto table = base::ParseCsv(text);
  if (table) {
    CheckTable(*table);
    CheckRoundTrip(*table);
  } else {
    Check(table.error().code == base::Code::kInvalidArgument, "a bad file is invalid input");
  }
  auto parsed = areas::ParseAreasCsv(text);
  if (parsed) CheckAreas(*parsed);
  return 0;
}
