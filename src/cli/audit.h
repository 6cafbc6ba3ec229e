// `civicgrid audit verify` and `civicgrid audit list`: the audit log from the command line.
#pragma once

#include <string>

#include "cli/runtime.h"

namespace civicgrid::cli {

// Recomputes the chain: exit 0 and the head when it holds; exit 1 naming the first broken entry.
int RunAuditVerify(Runtime& rt);
// The entries about `subject` ("case:42"), one per line.
int RunAuditList(Runtime& rt, const std::string& subject);

}  // namespace civicgrid::cli
