// AuditRepository on the neutral SQL layer (SQLite or PostgreSQL): tables audit_log and audit_tip
// (migration 012).
#pragma once

#include <vector>

#include "modules/audit/audit.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

// Appends inside the caller's write transaction (Db::With): a case event's entry commits with the
// event. Takes the tip first, which orders appends across processes; call it last in the
// transaction so that the tip's lock is held briefly.
void AppendAudit(Db& db, const std::vector<audit::Record>& records);

class SqlAuditRepository final : public audit::AuditRepository {
 public:
  explicit SqlAuditRepository(Db& db) : db_(db) {}
  base::Status Append(const std::vector<audit::Record>& records) override;
  base::Status Scan(const std::function<bool(const audit::Entry&)>& visit) override;
  base::Result<audit::Tip> GetTip() override;
  base::Result<std::vector<audit::Entry>> ListBySubject(const std::string& subject,
                                                        int limit) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
