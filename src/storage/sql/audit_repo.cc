#include "storage/sql/audit_repo.h"

namespace civicgrid::storage::sql {
namespace {

constexpr const char* kSelect =
    "SELECT seq, at, district_code, kind, actor_id, subject, detail, prev_hash, hash FROM "
    "audit_log ";

audit::Entry Read(const Stmt& s) {
  audit::Entry e;
  e.seq = s.Int(0);
  e.record.at = s.Int(1);
  e.record.district_code = s.Text(2);
  e.record.kind = s.Text(3);
  e.record.actor_id = s.Int(4);
  e.record.subject = s.Text(5);
  e.record.detail = s.Text(6);
  e.prev_hash = s.Text(7);
  e.hash = s.Text(8);
  return e;
}

}  // namespace

void AppendAudit(Db& db, const std::vector<audit::Record>& records) {
  if (records.empty()) return;
  // A no-op update: on PostgreSQL it locks the tip until commit; SQLite's writer is single.
  Stmt tip(db, "UPDATE audit_tip SET seq = seq WHERE id = 1 RETURNING seq, hash");
  if (!tip.Step()) throw DbError(base::Code::kInternal, "the audit log has no tip");
  int64_t seq = tip.Int(0);
  std::string hash = tip.Text(1);
  tip.Reset();
  Stmt insert(db,
              "INSERT INTO audit_log (seq, at, district_code, kind, actor_id, subject, detail, "
              "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)");
  for (const auto& r : records) {
    ++seq;
    std::string next = audit::ChainHash(hash, seq, r);
    insert.Reset();
    Binder(insert,
           1)(seq)(r.at)(r.district_code)(r.kind)(r.actor_id)(r.subject)(r.detail)(hash)(next);
    insert.Run();
    hash = std::move(next);
  }
  Stmt moved(db, "UPDATE audit_tip SET seq = ?, hash = ? WHERE id = 1");
  Binder(moved, 1)(seq)(hash);
  moved.Run();
}

base::Status SqlAuditRepository::Append(const std::vector<audit::Record>& records) {
  return db_.With<void>(true, [&](Db& db) { AppendAudit(db, records); });
}

base::Status SqlAuditRepository::Scan(const std::function<bool(const audit::Entry&)>& visit) {
  // In pages by sequence number, so that no read transaction stays open over a long log.
  constexpr int64_t kPage = 10'000;
  int64_t after = 0;
  bool more = true;
  while (more) {
    auto page = db_.With<std::vector<audit::Entry>>(false, [&](Db& db) {
      Stmt s(db, std::string(kSelect) + "WHERE seq > ? ORDER BY seq LIMIT ?");
      Binder(s, 1)(after)(kPage);
      std::vector<audit::Entry> out;
      while (s.Step()) out.push_back(Read(s));
      return out;
    });
    if (!page) return tl::unexpected(page.error());
    for (const auto& e : *page) {
      if (!visit(e)) return base::Ok();
      after = e.seq;
    }
    more = static_cast<int64_t>(page->size()) == kPage;
  }
  return base::Ok();
}

base::Result<audit::Tip> SqlAuditRepository::GetTip() {
  return db_.With<audit::Tip>(false, [](Db& db) {
    Stmt s(db, "SELECT seq, hash FROM audit_tip WHERE id = 1");
    if (!s.Step()) throw DbError(base::Code::kInternal, "the audit log has no tip");
    return audit::Tip{s.Int(0), s.Text(1)};
  });
}

base::Result<std::vector<audit::Entry>> SqlAuditRepository::ListBySubject(
    const std::string& subject, int limit) {
  return db_.With<std::vector<audit::Entry>>(false, [&](Db& db) {
    Stmt s(db, std::string(kSelect) + "WHERE subject = ? ORDER BY seq LIMIT ?");
    Binder(s, 1)(subject)(int64_t{limit});
    std::vector<audit::Entry> out;
    while (s.Step()) out.push_back(Read(s));
    return out;
  });
}

}  // namespace civicgrid::storage::sql
