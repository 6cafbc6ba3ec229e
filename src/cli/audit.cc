#include "cli/audit.h"

#include <iostream>

#include "api/dto.h"

namespace civicgrid::cli {

int RunAuditVerify(Runtime& rt) {
  auto v = audit::Verify(rt.Audit());
  if (!v) {
    std::cerr << "civicgrid: " << v.error().message << "\n";
    return 2;
  }
  if (v->broken_seq) {
    std::cout << "audit log BROKEN at entry " << *v->broken_seq << ": " << v->reason << "\n"
              << "entries before it hold (" << v->head.seq << " checked)\n";
    return 1;
  }
  std::cout << "audit log intact: " << v->entries << " entries, head " << v->head.seq << " "
            << v->head.hash << "\n";
  return 0;
}

int RunAuditList(Runtime& rt, const std::string& subject) {
  constexpr int kLimit = 10'000;
  auto entries = rt.Audit().ListBySubject(subject, kLimit);
  if (!entries) {
    std::cerr << "civicgrid: " << entries.error().message << "\n";
    return 2;
  }
  for (const auto& e : *entries) {
    std::cout << e.seq << "\t" << api::IsoTime(e.record.at) << "\t" << e.record.kind << "\tuser "
              << e.record.actor_id << "\t" << e.record.detail << "\n";
  }
  return 0;
}

}  // namespace civicgrid::cli
