// What the audit log records of cases: each event, and each showing of a reporter's unmasked
// personal data to somebody other than the reporter.
#pragma once

#include <string>

#include "modules/access/actor.h"
#include "modules/audit/audit.h"
#include "modules/cases/case.h"

namespace civicgrid::cases {

// The entry of an event of `c` (written with the event, in its transaction).
audit::Record EventRecord(const Case& c, const CaseEvent& e);

// `c` as `actor` sees it carries personal data of somebody else: its reporter's phone, unmasked.
bool ShowsPersonalData(const access::Actor& actor, const Case& c);

// The entry of such a showing; `via` names the read (detail, list, export, duplicates, webhook).
audit::Record PersonalDataRecord(const access::Actor& actor, const Case& c, const std::string& via,
                                 base::TimeMs at);

}  // namespace civicgrid::cases
