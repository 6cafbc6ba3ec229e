// Spreadsheet downloads: a table as CSV that Excel opens cleanly (UTF-8 with a byte-order mark,
// CRLF line ends) or as an .xlsx workbook (libxlsxwriter).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace civicgrid::api {

struct SheetCell {
  bool is_number = false;
  double number = 0;
  std::string text;
  static SheetCell Text(std::string t) { return {false, 0, std::move(t)}; }
  static SheetCell Number(double v) { return {true, v, ""}; }
};

std::string CsvWithBom(const std::vector<std::vector<SheetCell>>& rows);
// One worksheet named `sheet_name` (cut to Excel's 31 characters) holding `rows`, the first in
// bold as the header.
[[nodiscard]] base::Result<std::string> XlsxBook(const std::string& sheet_name,
                                                 const std::vector<std::vector<SheetCell>>& rows);

}  // namespace civicgrid::api
