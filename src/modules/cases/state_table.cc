#include "modules/cases/state_table.h"

#include <algorithm>

namespace civicgrid::cases {
namespace {

using S = CaseState;

std::vector<Transition> Build() {
  std::vector<Transition> t = {
      {S::kReported, "self_handle", "", S::kClosed, kInspector, false},
      {S::kReported, "register", "", S::kRegistered, kCentre, false},
      {S::kReported, "reject", "", S::kRejected, kCentre, false},
      {S::kReported, "merge", "", S::kMerged, kCentre, false},
      {S::kRegistered, "merge", "", S::kMerged, kCentre, false},
      {S::kRegistered, "dispatch", "", S::kDispatched, kCentre, false},
      {S::kDispatched, "claim", "", S::kInProgress, kHandler, false},
      {S::kDispatched, "return", "", S::kRegistered, kHandler, false},
      {S::kInProgress, "return", "", S::kRegistered, kHandler, false},
      {S::kInProgress, "request_extension", "", S::kInProgress, kHandler, true},
      {S::kInProgress, "approve_extension", "", S::kInProgress, kCentre, true},
      {S::kInProgress, "deny_extension", "", S::kInProgress, kCentre, true},
      {S::kInProgress, "suspend", "", S::kSuspended, kCentre, false},
      {S::kSuspended, "resume", "", S::kInProgress, kCentre, false},
      {S::kInProgress, "report_handled", "", S::kHandled, kHandler, false},
      {S::kHandled, "verify", "pass", S::kVerified, kInspector, false},
      {S::kHandled, "verify", "fail", S::kInProgress, kInspector, false},
      {S::kVerified, "close", "", S::kClosed, kCentre, false},
      // The callback (回访): recorded on the closed case; an unsatisfied first answer reopens it
      // for rework by its department, or for dispatch when no department handled it.
      {S::kClosed, "rate", "", S::kClosed, kResident | kCentre, true},
      {S::kClosed, "rate", "rework", S::kInProgress, kResident | kCentre, false},
      {S::kClosed, "rate", "reopen", S::kRegistered, kResident | kCentre, false},
  };
  // 预警: the server warns when a running clock turns amber.
  for (S s : {S::kDispatched, S::kInProgress, S::kHandled}) {
    t.push_back({s, "warn", "", s, kSystem, true});
  }
  // Escalation and supervision keep the state; they apply to every open state that has an owner.
  for (S s : {S::kReported, S::kRegistered, S::kDispatched, S::kInProgress, S::kSuspended,
              S::kHandled, S::kVerified}) {
    t.push_back({s, "escalate", "", s, kCentre | kSystem, true});
  }
  for (S s : {S::kDispatched, S::kInProgress, S::kSuspended, S::kHandled}) {
    t.push_back({s, "supervise", "", s, kCentre | kSystem, true});
  }
  return t;
}

}  // namespace

const std::vector<Transition>& StateTable() {
  static const std::vector<Transition> table = Build();
  return table;
}

std::optional<Transition> FindTransition(CaseState state, std::string_view action,
                                         std::string_view outcome) {
  for (const auto& t : StateTable()) {
    if (t.from == state && t.action == action && t.outcome == outcome) return t;
  }
  return std::nullopt;
}

std::vector<std::string_view> AllActions() {
  std::vector<std::string_view> out;
  for (const auto& t : StateTable()) {
    if (std::find(out.begin(), out.end(), t.action) == out.end()) out.push_back(t.action);
  }
  return out;
}

}  // namespace civicgrid::cases
