// The closed loop as one table: (from-state, action, outcome) → to-state, and which roles may
// take the step. Scope (which area, which department, whose report) is decided in policy.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "modules/access/actor.h"
#include "modules/cases/case.h"

namespace civicgrid::cases {

using RoleMask = uint32_t;
constexpr RoleMask Bit(access::Role role) { return RoleMask{1} << static_cast<unsigned>(role); }

// The street grid centre and its equivalents at community and district level; policy.h checks
// that the actor's level matches the case's level.
constexpr RoleMask kCentre = Bit(access::Role::kDispatcher) | Bit(access::Role::kDistrictManager) |
                             Bit(access::Role::kCommunityWorker);
constexpr RoleMask kHandler = Bit(access::Role::kDepartmentHandler);
constexpr RoleMask kInspector = Bit(access::Role::kInspector);
constexpr RoleMask kResident = Bit(access::Role::kResident);  // "rate": the reporter only
// The server itself: automatic supervision and escalation of overdue cases (supervisor.h).
constexpr RoleMask kSystem = Bit(access::Role::kSystem);

struct Transition {
  CaseState from;
  std::string_view action;
  std::string_view outcome;  // "" or, for verify, "pass" / "fail"
  CaseState to;
  RoleMask roles;
  bool keeps_state;  // the action changes data but not the state (escalate, supervise …)
};

// Every transition of the workflow.
const std::vector<Transition>& StateTable();

// The row for (state, action, outcome), or nullopt when the action is not allowed in the state.
std::optional<Transition> FindTransition(CaseState state, std::string_view action,
                                         std::string_view outcome);

// Every action token in the table, in table order without duplicates.
std::vector<std::string_view> AllActions();

}  // namespace civicgrid::cases
