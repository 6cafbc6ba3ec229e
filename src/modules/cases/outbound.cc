#include "modules/cases/outbound.h"

#include <map>

namespace civicgrid::cases {
namespace {

// action → type; a supervision by the system (the case went red) is "case.overdue".
const std::map<std::string, std::string>& Types() {
  static const std::map<std::string, std::string> kTypes = {
      {"report", "case.reported"},
      {"register", "case.registered"},
      {"reject", "case.rejected"},
      {"merge", "case.merged"},
      {"dispatch", "case.dispatched"},
      {"return", "case.returned"},
      {"claim", "case.claimed"},
      {"request_extension", "case.extension_requested"},
      {"approve_extension", "case.extended"},
      {"suspend", "case.suspended"},
      {"resume", "case.resumed"},
      {"report_handled", "case.handled"},
      {"verify", "case.verified"},
      {"warn", "case.warned"},
      {"supervise", "case.supervised"},
      {"escalate", "case.escalated"},
      {"self_handle", "case.closed"},
      {"close", "case.closed"},
      {"rate", "case.rated"}};
  return kTypes;
}

}  // namespace

const std::vector<std::string>& OutboundTypes() {
  static const std::vector<std::string> kAll = {
      "case.reported",   "case.registered", "case.rejected", "case.merged",
      "case.dispatched", "case.returned",   "case.claimed",  "case.extension_requested",
      "case.extended",   "case.suspended",  "case.resumed",  "case.handled",
      "case.verified",   "case.warned",     "case.overdue",  "case.supervised",
      "case.escalated",  "case.closed",     "case.rated"};
  return kAll;
}

std::string OutboundTypeOf(const CaseEvent& e) {
  if (e.action == "supervise" && e.actor_role == "system") return "case.overdue";
  auto it = Types().find(e.action);
  return it == Types().end() ? "" : it->second;
}

}  // namespace civicgrid::cases
