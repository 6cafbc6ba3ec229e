#include "base/csv.h"

#include <algorithm>

namespace civicgrid::base {

int CsvTable::Column(std::string_view name) const {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::string CsvTable::Cell(const CsvRow& row, std::string_view name) const {
  int col = Column(name);
  if (col < 0 || static_cast<size_t>(col) >= row.cells.size()) return "";
  return row.cells[static_cast<size_t>(col)];
}

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool in_quotes = false;
  bool row_has_content = false;
  int line = 1;
  row.line = 1;
  auto end_row = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    if (row_has_content || row.cells.size() > 1) rows.push_back(std::move(row));
    row = CsvRow{};
    row_has_content = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      in_quotes = true;
      row_has_content = true;
    } else if (c == ',') {
      row.cells.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r') {
      // Swallowed: CRLF ends a row at the '\n'.
    } else if (c == '\n') {
      end_row();
      ++line;
      row.line = line;
    } else {
      cell.push_back(c);
      row_has_content = true;
    }
  }
  if (in_quotes) return InvalidArgument("line " + std::to_string(row.line), "unterminated quote");
  if (row_has_content || !row.cells.empty()) end_row();
  if (rows.empty()) return InvalidArgument("file", "empty: a header row is required");
  CsvTable table;
  table.header = std::move(rows.front().cells);
  for (auto& h : table.header) {
    while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.pop_back();
  }
  table.rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
  return table;
}

Status RequireColumns(const CsvTable& table, const std::vector<std::string>& required) {
  std::map<std::string, std::string> missing;
  for (const auto& name : required) {
    if (table.Column(name) < 0) missing[name] = "required column is missing from the header";
  }
  if (!missing.empty()) return InvalidFields("the CSV header lacks required columns", missing);
  return Ok();
}

std::string CsvEscape(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace civicgrid::base
