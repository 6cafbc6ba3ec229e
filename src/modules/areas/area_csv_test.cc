#include "modules/areas/area_csv.h"

#include <gtest/gtest.h>

namespace civicgrid::areas {
namespace {

TEST(AreaCsvTest, ReadsNbsRowsAndSkipsProvinces) {
  auto rows = ParseAreasCsv(
      "code,name,level,parent_code\n"
      "310000000000,上海市,province,\n"
      "310105000000,长宁区,county,310100000000\n"
      "310105001000,华阳路街道,town,310105000000\n"
      "310105001001,居委会,village,310105001000\n");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 3U);
  EXPECT_TRUE(rows->errors.empty());
  EXPECT_EQ(rows->rows[0].area.level, AreaLevel::kDistrict);
  EXPECT_EQ(rows->rows[2].area.level, AreaLevel::kCommunity);
  EXPECT_EQ(rows->rows[2].line, 5);
}

TEST(AreaCsvTest, EveryBadRowIsReportedByLine) {
  auto rows = ParseAreasCsv(
      "code,name,level,parent_code,households\n"
      "310105001001001,一网格,grid,310105001001,250\n"
      "310105001001002,二网格,planet,310105001001,250\n"
      "310105001001003,三网格,grid,310105001001,many\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->rows.size(), 1U);
  EXPECT_EQ(rows->errors.size(), 2U);
  EXPECT_NE(rows->errors.at("line 3").find("level"), std::string::npos);
  EXPECT_NE(rows->errors.at("line 4").find("households"), std::string::npos);
  EXPECT_FALSE(ParseAreasCsv("code,name\n1,x\n").has_value());  // columns missing
}

}  // namespace
}  // namespace civicgrid::areas
