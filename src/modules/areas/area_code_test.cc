#include "modules/areas/area_code.h"

#include <gtest/gtest.h>

namespace civicgrid::areas {
namespace {

TEST(AreaCodeTest, LevelsFromCodes) {
  struct Row {
    const char* code;
    std::optional<AreaLevel> level;
  };
  const std::vector<Row> rows = {
      {"310105000000", AreaLevel::kDistrict},  {"310105001000", AreaLevel::kStreet},
      {"310105001001", AreaLevel::kCommunity}, {"310105001001003", AreaLevel::kGrid},
      {"310100000000", std::nullopt},          {"31010500100", std::nullopt},
      {"3101050010x1", std::nullopt},          {"310105001001000", std::nullopt},
      {"310105000001", std::nullopt},
  };
  for (const auto& row : rows) EXPECT_EQ(LevelOfCode(row.code), row.level) << row.code;
}

TEST(AreaCodeTest, WithinIsPrefixContainment) {
  EXPECT_TRUE(Within("310105000000", "310105001001003"));
  EXPECT_TRUE(Within("310105001000", "310105001001"));
  EXPECT_TRUE(Within("310105001001", "310105001001"));
  EXPECT_FALSE(Within("310105001000", "310105002001"));
  EXPECT_FALSE(Within("310105001001", "310105001000"));  // a street is not within its community
  EXPECT_FALSE(Within("310105001001003", "310105001001004"));
  EXPECT_FALSE(Within("garbage", "310105001001"));
}

TEST(AreaCodeTest, AncestorsAndRanges) {
  EXPECT_EQ(AncestorAt("310105001001003", AreaLevel::kStreet), "310105001000");
  EXPECT_EQ(AncestorAt("310105001001003", AreaLevel::kDistrict), "310105000000");
  EXPECT_EQ(AncestorAt("310105001000", AreaLevel::kGrid), std::nullopt);
  auto [low, high] = CodeRange("310105001000");
  EXPECT_LT(low, std::string("310105001001003"));
  EXPECT_GT(high, std::string("310105001999999"));
  EXPECT_LT(high, std::string("310105002"));
}

}  // namespace
}  // namespace civicgrid::areas
