#include "base/csv.h"

#include <gtest/gtest.h>

namespace civicgrid::base {
namespace {

TEST(CsvTest, ParsesQuotedCellsBomAndCrlf) {
  auto table = ParseCsv(
      "\xEF\xBB\xBF"
      "code,name\r\n1,\"a, \"\"b\"\"\"\r\n\r\n2,c\n");
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->header, (std::vector<std::string>{"code", "name"}));
  ASSERT_EQ(table->rows.size(), 2U);
  EXPECT_EQ(table->rows[0].cells[1], "a, \"b\"");
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[1].line, 4);
  EXPECT_EQ(table->Cell(table->rows[1], "name"), "c");
  EXPECT_EQ(table->Cell(table->rows[1], "absent"), "");
}

TEST(CsvTest, UnterminatedQuoteNamesTheLine) {
  auto table = ParseCsv("a,b\n1,2\n3,\"oops\n");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().fields.count("line 3"), 1U);
}

TEST(CsvTest, MissingColumnsAreNamed) {
  auto table = ParseCsv("a,b\n");
  ASSERT_TRUE(table.has_value());
  auto st = RequireColumns(*table, {"a", "c"});
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().fields.count("c"), 1U);
  EXPECT_EQ(CsvEscape("x,y"), "\"x,y\"");
}

}  // namespace
}  // namespace civicgrid::base
