#include "modules/cases/policy.h"

#include <algorithm>

#include "modules/areas/area_code.h"

namespace civicgrid::cases {
namespace {

using access::Role;
using areas::AreaLevel;

bool InArea(const access::Actor& actor, const Case& c) {
  return areas::Within(actor.area_code, c.grid_code);
}

bool ServesCase(const access::Actor& actor, const Case& c) {
  if (!actor.department_id) return false;
  if (c.department_id == actor.department_id) return true;
  return std::find(c.assisting_department_ids.begin(), c.assisting_department_ids.end(),
                   *actor.department_id) != c.assisting_department_ids.end();
}

// The centre that owns the case at its current level.
bool IsOwningCentre(const access::Actor& actor, const Case& c) {
  if (!InArea(actor, c)) return false;
  switch (actor.role) {
    case Role::kDistrictManager:
      return true;  // the district centre may act at every level below it
    case Role::kDispatcher:
      return c.level == AreaLevel::kStreet || c.level == AreaLevel::kCommunity;
    case Role::kCommunityWorker:
      return c.level == AreaLevel::kCommunity;
    default:
      return false;
  }
}

}  // namespace

bool CanSee(const access::Actor& actor, const Case& c) {
  switch (actor.role) {
    case Role::kAdmin:
    case Role::kSystem:
      return true;
    case Role::kDistrictManager:
    case Role::kDispatcher:
    case Role::kCommunityWorker:
    case Role::kInspector:
    case Role::kLeader:
      return InArea(actor, c) || c.reporter_id == actor.user_id;
    case Role::kDepartmentHandler:
      return ServesCase(actor, c);
    case Role::kResident:
      return c.reporter_id == actor.user_id;
  }
  return false;
}

bool MayTake(const access::Actor& actor, const Case& c, const Transition& t) {
  if ((t.roles & Bit(actor.role)) == 0) return false;
  const std::string_view a = t.action;
  // Satisfaction is the public's: staff who reported a case (a patrol) do not rate their own
  // work. A resident answers for their own report; the owning centre records the answer a
  // hotline caller gave on the phone.
  if (a == "rate") {
    if (c.satisfaction) return false;
    if (actor.role == Role::kResident) return c.reporter_id == actor.user_id;
    return c.channel == Channel::kHotline && IsOwningCentre(actor, c);
  }
  if (a == "self_handle") return c.reporter_id == actor.user_id && InArea(actor, c);
  if (a == "verify") return InArea(actor, c);
  // The server supervises and escalates overdue cases anywhere (supervisor.h), nothing else.
  if (actor.role == Role::kSystem) {
    if (a == "escalate") return c.level != AreaLevel::kDistrict;
    return a == "supervise" || a == "warn";
  }
  if (t.roles == kHandler) {
    // Only the primary department claims, returns and reports; assisting ones help.
    if (!actor.department_id || c.department_id != actor.department_id) return false;
    if (a == "request_extension") return !c.pending_extension_hours.has_value();
    return true;
  }
  if (!IsOwningCentre(actor, c)) return false;
  if (a == "approve_extension" || a == "deny_extension")
    return c.pending_extension_hours.has_value();
  if (a == "escalate") return c.level != AreaLevel::kDistrict;  // the district is the top
  return true;
}

std::vector<std::string> AllowedActions(const access::Actor& actor, const Case& c) {
  std::vector<std::string> out;
  for (const auto& t : StateTable()) {
    if (t.from != c.state || !MayTake(actor, c, t)) continue;
    if (std::find(out.begin(), out.end(), t.action) == out.end()) out.emplace_back(t.action);
  }
  return out;
}

bool MayUnmaskPhone(const access::Actor& actor, const Case& c) {
  if (c.reporter_id == actor.user_id && actor.user_id != 0) return true;
  return (actor.role == Role::kDispatcher || actor.role == Role::kDistrictManager) &&
         InArea(actor, c);
}

std::string MaskPhone(const std::string& phone) {
  constexpr size_t kMobileLength = 11;
  if (phone.empty()) return "";
  if (phone.size() >= kMobileLength) {
    return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
  }
  if (phone.size() <= 2) return std::string(phone.size(), '*');
  return std::string(phone.size() - 2, '*') + phone.substr(phone.size() - 2);
}

}  // namespace civicgrid::cases
