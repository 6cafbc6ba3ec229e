#include "modules/cases/state_table.h"

#include <gtest/gtest.h>

namespace civicgrid::cases {
namespace {

using access::Role;
using S = CaseState;

// The closed loop, row by row: (from, action, outcome) → to, and who may.
TEST(StateTableTest, EveryStepOfTheLoop) {
  struct Row {
    S from;
    const char* action;
    const char* outcome;
    std::optional<S> to;  // nullopt: not allowed in this state
    Role role;            // a role the row must admit
  };
  const std::vector<Row> rows = {
      {S::kReported, "register", "", S::kRegistered, Role::kDispatcher},
      {S::kReported, "reject", "", S::kRejected, Role::kDispatcher},
      {S::kReported, "self_handle", "", S::kClosed, Role::kInspector},
      {S::kReported, "merge", "", S::kMerged, Role::kDispatcher},
      {S::kRegistered, "dispatch", "", S::kDispatched, Role::kDispatcher},
      {S::kDispatched, "claim", "", S::kInProgress, Role::kDepartmentHandler},
      {S::kDispatched, "return", "", S::kRegistered, Role::kDepartmentHandler},
      {S::kInProgress, "request_extension", "", S::kInProgress, Role::kDepartmentHandler},
      {S::kInProgress, "approve_extension", "", S::kInProgress, Role::kDispatcher},
      {S::kInProgress, "suspend", "", S::kSuspended, Role::kDispatcher},
      {S::kSuspended, "resume", "", S::kInProgress, Role::kDispatcher},
      {S::kInProgress, "report_handled", "", S::kHandled, Role::kDepartmentHandler},
      {S::kHandled, "verify", "pass", S::kVerified, Role::kInspector},
      {S::kHandled, "verify", "fail", S::kInProgress, Role::kInspector},
      {S::kVerified, "close", "", S::kClosed, Role::kDispatcher},
      {S::kClosed, "rate", "", S::kClosed, Role::kResident},
      {S::kInProgress, "supervise", "", S::kInProgress, Role::kDistrictManager},
      {S::kRegistered, "escalate", "", S::kRegistered, Role::kCommunityWorker},
      // Illegal transitions.
      {S::kReported, "dispatch", "", std::nullopt, Role::kDispatcher},
      {S::kReported, "claim", "", std::nullopt, Role::kDepartmentHandler},
      {S::kDispatched, "report_handled", "", std::nullopt, Role::kDepartmentHandler},
      {S::kInProgress, "close", "", std::nullopt, Role::kDispatcher},
      {S::kHandled, "close", "", std::nullopt, Role::kDispatcher},
      {S::kClosed, "register", "", std::nullopt, Role::kDispatcher},
      {S::kRejected, "dispatch", "", std::nullopt, Role::kDispatcher},
      {S::kMerged, "escalate", "", std::nullopt, Role::kDispatcher},
      {S::kVerified, "rate", "", std::nullopt, Role::kResident},
      {S::kHandled, "verify", "", std::nullopt, Role::kInspector},
      {S::kRegistered, "supervise", "", std::nullopt, Role::kDispatcher},
  };
  for (const auto& row : rows) {
    auto t = FindTransition(row.from, row.action, row.outcome);
    ASSERT_EQ(t.has_value(), row.to.has_value()) << StateName(row.from) << " " << row.action;
    if (!t) continue;
    EXPECT_EQ(t->to, *row.to) << row.action;
    EXPECT_NE(t->roles & Bit(row.role), 0U) << row.action << " must admit " << RoleName(row.role);
  }
}

TEST(StateTableTest, RolesOutsideTheRowAreRefused) {
  EXPECT_EQ(FindTransition(S::kDispatched, "claim", "")->roles & Bit(Role::kDispatcher), 0U);
  EXPECT_EQ(FindTransition(S::kReported, "register", "")->roles & Bit(Role::kResident), 0U);
  EXPECT_EQ(FindTransition(S::kHandled, "verify", "pass")->roles & Bit(Role::kDepartmentHandler),
            0U);
  EXPECT_EQ(FindTransition(S::kVerified, "close", "")->roles & Bit(Role::kLeader), 0U);
}

TEST(StateTableTest, TerminalStatesOnlyAllowRating) {
  for (S s : {S::kRejected, S::kMerged}) {
    for (auto action : AllActions()) {
      EXPECT_FALSE(FindTransition(s, action, "").has_value()) << action;
    }
  }
}

}  // namespace
}  // namespace civicgrid::cases
