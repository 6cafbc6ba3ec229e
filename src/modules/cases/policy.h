// Who may see a case, who may take which step on it, and who may see the reporter's phone.
// Pure functions of the actor and the case: every entry point goes through them.
#pragma once

#include <string>
#include <vector>

#include "modules/access/actor.h"
#include "modules/cases/case.h"
#include "modules/cases/state_table.h"

namespace civicgrid::cases {

// Admins see everything; area roles see cases inside their area; handlers see cases sent to
// their department (as primary or assisting); residents see only their own reports.
bool CanSee(const access::Actor& actor, const Case& c);

// The role mask of `t` admits the actor, and the actor's scope covers the case: the centre of
// the case's current level inside its area, the handler of its department, an inspector of its
// grid, the reporter for "rate" and "self_handle". Preconditions that depend on the case's data
// (a pending extension, an earlier rating) are checked too.
bool MayTake(const access::Actor& actor, const Case& c, const Transition& t);

// The actions this actor may take on the case now, for the UI (each token once).
std::vector<std::string> AllowedActions(const access::Actor& actor, const Case& c);

// Only the centre (dispatchers and district managers in scope) and the reporter themself see a
// reporter's phone number in full.
bool MayUnmaskPhone(const access::Actor& actor, const Case& c);

// 13812345678 → 138****5678; short numbers keep only their last two digits.
std::string MaskPhone(const std::string& phone);

}  // namespace civicgrid::cases
