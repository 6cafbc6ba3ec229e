#include "modules/catalog/routing.h"

#include <gtest/gtest.h>

namespace civicgrid::catalog {
namespace {

using base::DurationUnit;

TimeLimitRule Limit(std::optional<CategoryKind> kind, std::string code, int64_t amount,
                    DurationUnit unit, Urgency urgency = Urgency::kNormal,
                    Stage stage = Stage::kHandle) {
  TimeLimitRule r;
  r.kind = kind;
  r.code = std::move(code);
  r.urgency = urgency;
  r.stage = stage;
  r.duration = {amount, unit};
  return r;
}

TEST(RoutingTest, MostSpecificTimeLimitWins) {
  const std::vector<TimeLimitRule> rules = {
      Limit(std::nullopt, "*", 2, DurationUnit::kHour, Urgency::kUrgent),
      Limit(CategoryKind::kMatter, "*", 1, DurationUnit::kWorkingDay),
      Limit(CategoryKind::kComponent, "*", 5, DurationUnit::kWorkingDay),
      Limit(CategoryKind::kComponent, "04", 6, DurationUnit::kWorkingDay),
      Limit(CategoryKind::kMatter, "06010", 4, DurationUnit::kWorkingHour),
  };
  struct Row {
    CategoryKind kind;
    const char* code;
    Urgency urgency;
    std::optional<int64_t> amount;
  };
  const std::vector<Row> table = {
      {CategoryKind::kMatter, "06010", Urgency::kNormal, 4},     // exact type
      {CategoryKind::kMatter, "06011", Urgency::kNormal, 1},     // kind default
      {CategoryKind::kComponent, "04001", Urgency::kNormal, 6},  // class beats kind default
      {CategoryKind::kComponent, "01001", Urgency::kNormal, 5},
      {CategoryKind::kMatter, "06010", Urgency::kUrgent, 2},  // urgency is matched exactly
  };
  for (const auto& row : table) {
    auto rule = MatchTimeLimit(rules, row.kind, row.code, row.urgency, Stage::kHandle);
    ASSERT_EQ(rule.has_value(), row.amount.has_value()) << row.code;
    EXPECT_EQ(rule->duration.amount, *row.amount) << row.code;
  }
  EXPECT_FALSE(
      MatchTimeLimit(rules, CategoryKind::kMatter, "06010", Urgency::kNormal, Stage::kVerify));
}

TEST(RoutingTest, MostSpecificAreaWinsThenCategory) {
  auto rule = [](int64_t id, std::string code, std::string area, int64_t dept) {
    ResponsibilityRule r;
    r.id = id;
    r.kind = code == "*" ? std::nullopt : std::optional(CategoryKind::kMatter);
    r.category_code = std::move(code);
    r.area_code = std::move(area);
    r.department_id = dept;
    return r;
  };
  const std::vector<ResponsibilityRule> rules = {
      rule(1, "*", "310105000000", 10),      // district default
      rule(2, "06", "310105000000", 11),     // district, class 06
      rule(3, "*", "310105001000", 20),      // street default
      rule(4, "06010", "310105001001", 30),  // one community, one type
  };
  struct Row {
    const char* code;
    const char* grid;
    int64_t dept;
  };
  const std::vector<Row> table = {
      {"06010", "310105001001001", 30},  // community rule
      {"06011", "310105001001001", 20},  // street beats district even with a vaguer category
      {"06011", "310105002001001", 11},  // other street: district class rule
      {"07001", "310105002001001", 10},  // district default
  };
  for (const auto& row : table) {
    auto got = MatchResponsibility(rules, CategoryKind::kMatter, row.code, row.grid);
    ASSERT_TRUE(got.has_value()) << row.code << " " << row.grid;
    EXPECT_EQ(got->department_id, row.dept) << row.code << " " << row.grid;
  }
  EXPECT_FALSE(MatchResponsibility(rules, CategoryKind::kMatter, "06010", "320105001001001"));
}

}  // namespace
}  // namespace civicgrid::catalog
