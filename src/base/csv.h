// A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF, and a UTF-8 byte-order mark
// (what Excel writes). Offices exchange lists as CSV, so every import goes through this.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace civicgrid::base {

struct CsvRow {
  int line = 0;  // 1-based line number in the file where the row starts
  std::vector<std::string> cells;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // data rows only; blank lines are skipped

  // Index of a header column, or -1.
  int Column(std::string_view name) const;
  // The cell of `row` in column `name`, or "" when the column or cell is absent.
  std::string Cell(const CsvRow& row, std::string_view name) const;
};

// Parses `text`; the first row is the header. Fails on an unterminated quote (naming the line)
// or an empty input.
[[nodiscard]] Result<CsvTable> ParseCsv(std::string_view text);

// Checks that every name in `required` is a header column; the error names the missing ones.
[[nodiscard]] Status RequireColumns(const CsvTable& table,
                                    const std::vector<std::string>& required);

// Quotes a cell when it needs quoting.
std::string CsvEscape(std::string_view cell);

}  // namespace civicgrid::base
