#include "modules/cases/policy.h"

#include <gtest/gtest.h>

namespace civicgrid::cases {
namespace {

using access::Actor;
using access::Role;

Actor Make(Role role, std::string area, int64_t id, std::optional<int64_t> dept = std::nullopt) {
  Actor a;
  a.user_id = id;
  a.username = "u" + std::to_string(id);
  a.role = role;
  a.area_code = std::move(area);
  a.department_id = dept;
  return a;
}

Case SampleCase(CaseState state) {
  Case c;
  c.id = 1;
  c.grid_code = "310105001001002";
  c.state = state;
  c.reporter_id = 100;
  c.reporter_phone = "13812345678";
  c.department_id = 7;
  c.assisting_department_ids = {8};
  return c;
}

TEST(PolicyTest, VisibilityByRoleAndScope) {
  const Case c = SampleCase(CaseState::kInProgress);
  struct Row {
    Actor actor;
    bool sees;
  };
  const std::vector<Row> rows = {
      {Make(Role::kAdmin, "310105000000", 1), true},
      {Make(Role::kDispatcher, "310105001000", 2), true},
      {Make(Role::kDispatcher, "310105002000", 3), false},  // another street
      {Make(Role::kDepartmentHandler, "310105000000", 4, 7), true},
      {Make(Role::kDepartmentHandler, "310105000000", 5, 8), true},  // assisting
      {Make(Role::kDepartmentHandler, "310105000000", 6, 9), false},
      {Make(Role::kInspector, "310105001001002", 7), true},
      {Make(Role::kInspector, "310105001001001", 8), false},  // the next grid
      {Make(Role::kResident, "310105000000", 100), true},     // the reporter
      {Make(Role::kResident, "310105000000", 101), false},
      {Make(Role::kLeader, "310105000000", 9), true},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(CanSee(row.actor, c), row.sees) << RoleName(row.actor.role) << row.actor.area_code;
  }
}

TEST(PolicyTest, WhoMayTakeWhichStep) {
  struct Row {
    CaseState state;
    Actor actor;
    std::vector<std::string> allowed;
  };
  const std::vector<Row> rows = {
      {CaseState::kReported,
       Make(Role::kDispatcher, "310105001000", 2),
       {"register", "reject", "merge", "escalate"}},
      {CaseState::kReported, Make(Role::kDispatcher, "310105002000", 3), {}},
      {CaseState::kDispatched,
       Make(Role::kDepartmentHandler, "310105000000", 4, 7),
       {"claim", "return"}},
      {CaseState::kDispatched, Make(Role::kDepartmentHandler, "310105000000", 5, 8), {}},
      {CaseState::kHandled, Make(Role::kInspector, "310105001001002", 7), {"verify"}},
      {CaseState::kHandled, Make(Role::kInspector, "310105001001001", 8), {}},
      {CaseState::kClosed, Make(Role::kResident, "310105000000", 100), {"rate"}},
      {CaseState::kClosed, Make(Role::kResident, "310105000000", 101), {}},
      {CaseState::kInProgress, Make(Role::kLeader, "310105000000", 9), {}},
  };
  for (const auto& row : rows) {
    Case c = SampleCase(row.state);
    EXPECT_EQ(AllowedActions(row.actor, c), row.allowed)
        << StateName(row.state) << " " << RoleName(row.actor.role);
  }
}

TEST(PolicyTest, CommunityWorkerOwnsCommunityCasesOnly) {
  Case c = SampleCase(CaseState::kReported);
  Actor worker = Make(Role::kCommunityWorker, "310105001001", 11);
  EXPECT_TRUE(AllowedActions(worker, c).empty());  // a street-level case
  c.level = areas::AreaLevel::kCommunity;
  EXPECT_EQ(AllowedActions(worker, c),
            (std::vector<std::string>{"register", "reject", "merge", "escalate"}));
}

TEST(PolicyTest, PhoneIsMaskedOutsideTheCentre) {
  Case c = SampleCase(CaseState::kReported);
  EXPECT_TRUE(MayUnmaskPhone(Make(Role::kDispatcher, "310105001000", 2), c));
  EXPECT_TRUE(MayUnmaskPhone(Make(Role::kResident, "310105000000", 100), c));
  EXPECT_FALSE(MayUnmaskPhone(Make(Role::kAdmin, "310105000000", 1), c));
  EXPECT_FALSE(MayUnmaskPhone(Make(Role::kDepartmentHandler, "310105000000", 4, 7), c));
  EXPECT_FALSE(MayUnmaskPhone(Make(Role::kDispatcher, "310105002000", 3), c));
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("12345"), "***45");
}

}  // namespace
}  // namespace civicgrid::cases
