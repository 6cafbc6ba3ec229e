// Spreadsheet downloads: Excel reads the CSV as UTF-8 (BOM), a text that looks like a formula
// stays text, and an .xlsx is a zip workbook.
#include "api/sheet.h"

#include <gtest/gtest.h>

namespace civicgrid::api {
namespace {

TEST(SheetTest, CsvHasABomCrlfAndNoFormulas) {
  std::string csv = CsvWithBom({{SheetCell::Text("名次"), SheetCell::Text("对象")},
                                {SheetCell::Number(1), SheetCell::Text("=HYPERLINK(\"x\")")},
                                {SheetCell::Number(2.5), SheetCell::Text("a,b")}});
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3), "名次,对象\r\n1,\"'=HYPERLINK(\"\"x\"\")\"\r\n2.5,\"a,b\"\r\n");
}

TEST(SheetTest, XlsxIsAZipWorkbook) {
  auto book = XlsxBook("区域考核", {{SheetCell::Text("名次")}, {SheetCell::Number(1)}});
  ASSERT_TRUE(book.has_value());
  EXPECT_EQ(book->substr(0, 2), "PK");
  EXPECT_NE(book->find("xl/worksheets/sheet1.xml"), std::string::npos);
}

}  // namespace
}  // namespace civicgrid::api
