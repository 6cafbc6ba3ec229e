// The event types other systems subscribe to (outgoing webhooks, modules/webhooks): what a case
// event is called outside, e.g. "case.reported", "case.overdue", "case.closed".
#pragma once

#include <string>
#include <vector>

#include "modules/cases/case.h"

namespace civicgrid::cases {

// Every type, in the order of the workflow.
const std::vector<std::string>& OutboundTypes();
// The type of `e`; "" for a step no outside system hears of.
std::string OutboundTypeOf(const CaseEvent& e);

}  // namespace civicgrid::cases
