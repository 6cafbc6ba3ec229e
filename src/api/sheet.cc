#include "api/sheet.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "base/csv.h"

namespace civicgrid::api {
namespace {

std::string NumberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.10g", v);
  return buf;
}

// Excel's sheet names: at most 31 characters (counted here in UTF-8 code points), none of []:*?/\.
std::string SheetName(const std::string& name) {
  std::string out;
  int chars = 0;
  for (size_t i = 0; i < name.size() && chars < 31;) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::string ch = name.substr(i, len);
    if (ch.find_first_of("[]:*?/\\") == std::string::npos) out += ch;
    i += len;
    ++chars;
  }
  return out.empty() ? "Sheet1" : out;
}

}  // namespace

std::string CsvWithBom(const std::vector<std::vector<SheetCell>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ",";
      if (row[i].is_number) {
        out += NumberText(row[i].number);
        continue;
      }
      // A text that Excel would read as a formula (CSV injection) is kept as text.
      const std::string& text = row[i].text;
      bool formula =
          !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
      out += base::CsvEscape(formula ? "'" + text : text);
    }
    out += "\r\n";
  }
  return out;
}

base::Result<std::string> XlsxBook(const std::string& sheet_name,
                                   const std::vector<std::vector<SheetCell>>& rows) {
  // libxlsxwriter writes a file: a private temporary one, read back and removed.
  char path[] = "/tmp/civicgrid-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return base::Internal("cannot create a temporary file for the workbook");
  close(fd);
  lxw_workbook* book = workbook_new(path);
  if (!book) {
    std::remove(path);
    return base::Internal("cannot start the workbook");
  }
  lxw_worksheet* sheet = workbook_add_worksheet(book, SheetName(sheet_name).c_str());
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const SheetCell& cell = rows[r][c];
      auto row = static_cast<lxw_row_t>(r);
      auto col = static_cast<lxw_col_t>(c);
      lxw_format* format = r == 0 ? bold : nullptr;
      if (cell.is_number) {
        worksheet_write_number(sheet, row, col, cell.number, format);
      } else if (!cell.text.empty()) {
        worksheet_write_string(sheet, row, col, cell.text.c_str(), format);
      }
    }
  }
  lxw_error closed = workbook_close(book);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(path);
  if (closed != LXW_NO_ERROR) {
    return base::Internal(std::string("cannot write the workbook: ") + lxw_strerror(closed));
  }
  return bytes.str();
}

}  // namespace civicgrid::api
