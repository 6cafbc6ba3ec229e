#include "storage/sql/case_repo.h"

#include <cstdio>

#include "modules/areas/area_code.h"
#include "modules/cases/case_audit.h"
#include "storage/sql/audit_repo.h"
#include "storage/sql/case_rows.h"
#include "storage/sql/catalog_repo.h"
#include "storage/sql/daily_stats.h"
#include "storage/sql/webhook_repo.h"

namespace civicgrid::storage::sql {
namespace {

using cases::Case;
using cases::CaseEvent;

constexpr const char* kColumns = kCaseColumns;
constexpr int kColumnCount = kCaseColumnCount;

// Binds the columns of kColumns starting at index `first`.
void BindCase(Stmt& s, const Case& c, int first) {
  Binder b(s, first);
  WriteCase(b, c);
}

// Reads a row of "id, " + kColumns.
Case ReadCase(const Stmt& s) {
  Case c;
  int i = 0;
  c.id = s.Int(i++);
  c.number = s.Text(i++);
  c.district_code = s.Text(i++);
  c.street_code = s.Text(i++);
  c.community_code = s.Text(i++);
  c.grid_code = s.Text(i++);
  c.category_kind = catalog::ParseKind(s.Text(i++)).value_or(catalog::CategoryKind::kMatter);
  c.category_code = s.Text(i++);
  c.description = s.Text(i++);
  c.address = s.Text(i++);
  c.lng = s.Double(i++);
  c.lat = s.Double(i++);
  c.channel = cases::ParseChannel(s.Text(i++)).value_or(cases::Channel::kResident);
  c.urgency = catalog::ParseUrgency(s.Text(i++)).value_or(catalog::Urgency::kNormal);
  c.state = cases::ParseState(s.Text(i++)).value_or(cases::CaseState::kReported);
  c.level = areas::ParseLevel(s.Text(i++)).value_or(areas::AreaLevel::kStreet);
  c.reporter_id = s.Int(i++);
  c.reporter_phone = s.Text(i++);
  c.anonymous = s.Int(i++) != 0;
  c.suggested_department_id = s.OptInt(i++);
  c.department_id = s.OptInt(i++);
  c.assisting_department_ids = SplitIds(s.Text(i++));
  c.stage = catalog::ParseStage(s.Text(i++));
  c.stage_started_at = s.Int(i++);
  c.deadline_at = s.Int(i++);
  c.deadline_working = s.Int(i++) != 0;
  c.allowed_ms = s.Int(i++);
  c.paused_remaining_ms = s.Int(i++);
  if (auto h = s.OptInt(i++)) c.pending_extension_hours = static_cast<int>(*h);
  c.pending_extension_reason = s.Text(i++);
  c.rating_score = static_cast<int>(s.Int(i++));
  if (auto v = s.OptInt(i++)) c.solved = *v != 0;
  c.merged_into = s.OptInt(i++);
  c.return_count = static_cast<int>(s.Int(i++));
  c.rework_count = static_cast<int>(s.Int(i++));
  c.supervise_count = static_cast<int>(s.Int(i++));
  c.extension_count = static_cast<int>(s.Int(i++));
  c.created_at = s.Int(i++);
  c.updated_at = s.Int(i++);
  c.closed_at = s.Int(i++);
  c.version = s.Int(i++);
  c.satisfaction = cases::ParseSatisfaction(s.Text(i++));
  c.reopen_count = static_cast<int>(s.Int(i++));
  c.suspend_count = static_cast<int>(s.Int(i++));
  c.overdue_count = static_cast<int>(s.Int(i++));
  return c;
}

// Returns the event's id.
int64_t InsertEvent(Db& db, const CaseEvent& e, const std::string& district_code) {
  Stmt s(db, std::string("INSERT INTO case_events (") + kEventColumns +
                 ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  Binder b(s, 1);
  WriteEvent(b, e, district_code);
  if (!s.Step()) throw DbError(base::Code::kInternal, "no event id");
  const int64_t id = s.Int(0);
  s.Reset();
  return id;
}

void InsertNotices(Db& db, const std::vector<cases::Notice>& notices, const Case& c,
                   const CaseEvent& e) {
  if (notices.empty()) return;
  Stmt s(db,
         "INSERT INTO notifications (audience, district_code, case_id, case_number, event_action, "
         "kind, text, created_at) VALUES (?,?,?,?,?,?,?,?)");
  for (const auto& n : notices) {
    s.Reset();
    Binder b(s, 1);
    b(n.audience)(c.district_code)(c.id)(c.number)(e.action)(n.kind)(n.text)(e.at);
    s.Run();
  }
}

// Writes an event's effects; its audit entry goes to `audit`, appended last (AppendAudit).
void WriteEffects(Db& db, const cases::EventEffects& effects, const Case& c, const CaseEvent& e,
                  int64_t event_id, std::vector<audit::Record>& audit) {
  audit.push_back(cases::EventRecord(c, e));
  InsertNotices(db, effects.notices, c, e);
  AddStats(db, c.district_code, effects.stats);
  if (!effects.outbound.empty()) EnqueueDeliveries(db, c, e, event_id, effects.outbound);
}

std::string Placeholders(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

}  // namespace

base::Result<Case> SqlCaseRepository::CreateCase(Case c, CaseEvent event,
                                                 const cases::EventEffects& effects,
                                                 const std::string& number_prefix) {
  return db_.With<Case>(true, [&](Db& db) {
    Stmt seq(db,
             "INSERT INTO case_numbers (prefix, last) VALUES (?, 1) "
             "ON CONFLICT(prefix) DO UPDATE SET last = case_numbers.last + 1 RETURNING last");
    seq.Bind(1, number_prefix);
    if (!seq.Step()) throw DbError(base::Code::kInternal, "no case number");
    c.number = cases::CaseNumber(number_prefix, seq.Int(0));
    seq.Reset();
    c.version = 1;
    Stmt s(db, std::string("INSERT INTO cases (") + kColumns + ") VALUES (" +
                   Placeholders(kColumnCount) + ") RETURNING id");
    BindCase(s, c, 1);
    if (!s.Step()) throw DbError(base::Code::kInternal, "no case id");
    c.id = s.Int(0);
    s.Reset();
    event.case_id = c.id;
    const int64_t event_id = InsertEvent(db, event, c.district_code);
    std::vector<audit::Record> audit;
    WriteEffects(db, effects, c, event, event_id, audit);
    if (!effects.refs.empty()) {
      Stmt ref(db,
               "INSERT INTO case_refs (system, ref, case_id, district_code, created_at) VALUES "
               "(?,?,?,?,?)");
      for (const auto& r : effects.refs) {
        ref.Reset();
        Binder(ref, 1)(r.system)(r.ref)(c.id)(c.district_code)(c.created_at);
        ref.Run();  // a taken (system, ref) fails the whole report with kConflict
      }
    }
    AppendAudit(db, audit);
    return c;
  });
}

base::Result<std::optional<Case>> SqlCaseRepository::GetCase(int64_t id) {
  return db_.With<std::optional<Case>>(false, [&](Db& db) {
    Stmt s(db, std::string("SELECT id, ") + kColumns + " FROM cases WHERE id = ?");
    s.Bind(1, id);
    std::optional<Case> out;
    if (s.Step()) out = ReadCase(s);
    return out;
  });
}

base::Status SqlCaseRepository::ImportCases(const std::vector<cases::ImportedCase>& items,
                                            const std::function<void(int64_t)>& written) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt seq(db,
             "INSERT INTO case_numbers (prefix, last) VALUES (?, 1) "
             "ON CONFLICT(prefix) DO UPDATE SET last = case_numbers.last + 1 RETURNING last");
    Stmt insert(db, std::string("INSERT INTO cases (") + kColumns + ") VALUES (" +
                        Placeholders(kColumnCount) + ") RETURNING id");
    int64_t done = 0;
    std::vector<audit::Record> audit;
    for (const auto& item : items) {
      Case c = item.c;
      if (c.number.empty()) {
        seq.Reset();
        seq.Bind(1, item.number_prefix);
        if (!seq.Step()) throw DbError(base::Code::kInternal, "no case number");
        c.number = cases::CaseNumber(item.number_prefix, seq.Int(0));
        seq.Reset();
      }
      c.version = 1;
      insert.Reset();
      BindCase(insert, c, 1);
      if (!insert.Step()) throw DbError(base::Code::kInternal, "no case id");
      c.id = insert.Int(0);
      insert.Reset();
      for (size_t i = 0; i < item.events.size(); ++i) {
        CaseEvent e = item.events[i];
        e.case_id = c.id;
        const int64_t event_id = InsertEvent(db, e, c.district_code);
        WriteEffects(db, item.effects[i], c, e, event_id, audit);
      }
      if (written && ++done % 1000 == 0) written(done);
    }
    AppendAudit(db, audit);
  });
}

base::Result<std::vector<cases::CaseRef>> SqlCaseRepository::ListRefs(int64_t case_id) {
  return db_.With<std::vector<cases::CaseRef>>(false, [&](Db& db) {
    Stmt s(db, "SELECT system, ref FROM case_refs WHERE case_id = ? ORDER BY system, ref");
    Binder(s, 1)(case_id);
    std::vector<cases::CaseRef> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1)});
    return out;
  });
}

base::Result<std::optional<int64_t>> SqlCaseRepository::FindCaseByRef(const cases::CaseRef& ref) {
  return db_.With<std::optional<int64_t>>(false, [&](Db& db) {
    Stmt s(db, "SELECT case_id FROM case_refs WHERE system = ? AND ref = ?");
    Binder(s, 1)(ref.system)(ref.ref);
    std::optional<int64_t> out;
    if (s.Step()) out = s.Int(0);
    return out;
  });
}

base::Result<std::vector<CaseEvent>> SqlCaseRepository::ListEvents(
    int64_t case_id, const std::string& district_code) {
  return db_.With<std::vector<CaseEvent>>(false, [&](Db& db) {
    Stmt s(db,
           "SELECT id, case_id, action, actor_id, actor_role, actor_name, at, note, from_state, "
           "to_state, attachment_ids, details FROM case_events WHERE case_id = ? AND district_code "
           "= ? ORDER BY id");
    s.Bind(1, case_id).Bind(2, district_code);
    std::vector<CaseEvent> out;
    while (s.Step()) {
      CaseEvent e;
      e.id = s.Int(0);
      e.case_id = s.Int(1);
      e.action = s.Text(2);
      e.actor_id = s.Int(3);
      e.actor_role = s.Text(4);
      e.actor_name = s.Text(5);
      e.at = s.Int(6);
      e.note = s.Text(7);
      e.from_state = cases::ParseState(s.Text(8));
      e.to_state = cases::ParseState(s.Text(9)).value_or(cases::CaseState::kReported);
      e.attachment_ids = SplitList(s.Text(10));
      e.details = DecodeDetails(s.Text(11));
      out.push_back(std::move(e));
    }
    return out;
  });
}

namespace {

// Passes every value of WriteCase but the second, district_code, to a Binder: the district is
// the partition key of a case, written once and never updated.
struct AllButDistrict {
  Binder& b;
  int n = 0;
  template <typename T>
  AllButDistrict& operator()(const T& v) {
    if (n++ != 1) b(v);
    return *this;
  }
};

}  // namespace

base::Status SqlCaseRepository::ApplyChanges(const std::vector<cases::CaseChange>& changes) {
  return db_.With<void>(true, [&](Db& db) {
    std::string sets;
    std::string cols = kColumns;
    size_t start = 0;
    while (start < cols.size()) {
      size_t end = cols.find(',', start);
      if (end == std::string::npos) end = cols.size();
      std::string col = cols.substr(start, end - start);
      while (!col.empty() && col.front() == ' ') col.erase(col.begin());
      if (col != "district_code") sets += (sets.empty() ? "" : ", ") + col + " = ?";
      start = end + 1;
    }
    Stmt s(db, "UPDATE cases SET " + sets + " WHERE id = ? AND district_code = ? AND version = ?");
    std::vector<audit::Record> audit;
    for (const auto& change : changes) {
      Case next = change.updated;
      int64_t read_version = next.version;
      next.version = read_version + 1;
      s.Reset();
      Binder b(s, 1);
      AllButDistrict values{b};
      WriteCase(values, next);
      b(next.id)(next.district_code)(read_version);
      s.Run();
      if (s.Changes() != 1) {
        throw DbError(base::Code::kConflict,
                      "case " + next.number + " was changed by someone else meanwhile; reload it");
      }
      const int64_t event_id = InsertEvent(db, change.event, next.district_code);
      WriteEffects(db, change.effects, next, change.event, event_id, audit);
    }
    AppendAudit(db, audit);
  });
}

namespace {

const char* LevelColumn(areas::AreaLevel level) {
  switch (level) {
    case areas::AreaLevel::kDistrict:
      return "district_code";
    case areas::AreaLevel::kStreet:
      return "street_code";
    case areas::AreaLevel::kCommunity:
      return "community_code";
    case areas::AreaLevel::kGrid:
      return "grid_code";
  }
  return "grid_code";
}

// The WHERE clause of a query and the binding of its parameters, shared by list and count.
struct Filter {
  std::string where = " WHERE 1=1";
  const cases::CaseQuery& q;
  std::optional<areas::AreaLevel> level;
  // Overdue cases are few and not the newest (their clocks ran out): reading them through the
  // state index and sorting them beats walking the area newest first until enough turn up.
  // "+id" keeps the planners from choosing the walk for its order. (Open cases in general are
  // the newest: the walk finds a page of them at once.)
  bool few = false;

  explicit Filter(const cases::CaseQuery& query) : q(query) {
    if (!q.states.empty()) {
      where += " AND state IN (";
      for (size_t i = 0; i < q.states.size(); ++i) where += i ? ",?" : "?";
      where += ")";
    }
    // Every area scope of a district or below names its district, the partition key (one
    // partition when the tables are distributed by district), then its own level's column: the
    // cases_by_<level> index lists them newest first.
    if (q.area_code) {
      level = areas::LevelOfCode(*q.area_code);
      if (level) {
        where += " AND district_code = ?";
        if (*level != areas::AreaLevel::kDistrict) {
          where += std::string(" AND ") + LevelColumn(*level) + " = ?";
        }
      } else {
        where += " AND grid_code >= ? AND grid_code < ?";
      }
    }
    if (q.department_id) where += " AND (department_id = ? OR assisting_department_ids LIKE ?)";
    if (q.reporter_id) where += " AND reporter_id = ?";
    if (!q.category_codes.empty())
      where += " AND category_code IN " + InList(q.category_codes.size());
    if (!q.numbers.empty()) where += " AND number IN " + InList(q.numbers.size());
    if (q.created_from) where += " AND created_at >= ?";
    if (q.created_to) where += " AND created_at <= ?";
    few = q.overdue_only;
    if (q.overdue_only) {
      // The states whose clock runs (suspended cases keep a deadline but their clock is paused):
      // a list of states, so that the (…, state, id) indexes find them.
      where +=
          " AND state IN ('reported','dispatched','in_progress','handled') AND deadline_at > 0 "
          "AND deadline_at < ?";
    }
  }

  // Binds the filter's parameters from 1; returns the next free index.
  int Bind(Stmt& s) const {
    Binder b(s, 1);
    for (auto state : q.states) b(cases::StateName(state));
    if (q.area_code && level) {
      b(*areas::AncestorAt(*q.area_code, areas::AreaLevel::kDistrict));
      if (*level != areas::AreaLevel::kDistrict) b(*q.area_code);
    } else if (q.area_code) {
      auto [low, high] = areas::CodeRange(*q.area_code);
      b(low)(high);
    }
    if (q.department_id) b (*q.department_id)("%," + std::to_string(*q.department_id) + ",%");
    if (q.reporter_id) b(*q.reporter_id);
    for (const auto& code : q.category_codes) b(code);
    for (const auto& number : q.numbers) b(number);
    if (q.created_from) b(*q.created_from);
    if (q.created_to) b(*q.created_to);
    if (q.overdue_only) b(q.now);
    return b.Next();
  }
};

}  // namespace

base::Result<cases::CasePage> SqlCaseRepository::ListCases(const cases::CaseQuery& q) {
  return db_.With<cases::CasePage>(false, [&](Db& db) {
    Filter filter(q);
    cases::CasePage page;
    Stmt count(
        db, "SELECT COUNT(*) FROM (SELECT 1 FROM cases" + filter.where + " LIMIT ?) AS matching");
    Binder(count, filter.Bind(count))(cases::kCountCap + 1);
    if (count.Step()) page.total = count.Int(0);
    if (page.total > cases::kCountCap) {
      page.total = cases::kCountCap;
      page.total_capped = true;
    }
    Stmt s(db, std::string("SELECT id, ") + kColumns + " FROM cases" + filter.where +
                   (filter.few ? " ORDER BY +id DESC" : " ORDER BY id DESC") + " LIMIT ? OFFSET ?");
    Binder b(s, filter.Bind(s));
    b(int64_t{q.limit})(int64_t{q.offset});
    while (s.Step()) page.items.push_back(ReadCase(s));
    return page;
  });
}

namespace {

// Cases of a district in `states` with a running clock matching `clock_condition` (whose
// placeholders `bind_clock` binds) and no system `action` event since their stage started.
template <typename BindClock>
std::vector<Case> Unattended(Db& db, const std::string& district_code,
                             const std::vector<cases::CaseState>& states,
                             const std::string& clock_condition, BindClock bind_clock,
                             const std::string& action, int limit) {
  std::string in;
  for (size_t i = 0; i < states.size(); ++i) in += i ? ",?" : "?";
  Stmt s(db, std::string("SELECT id, ") + kColumns +
                 " FROM cases c WHERE district_code = ? AND state IN (" + in +
                 ") AND deadline_at > 0 AND " + clock_condition +
                 " AND NOT EXISTS (SELECT 1 FROM "
                 "case_events e WHERE e.case_id = c.id AND e.district_code = c.district_code "
                 "AND e.action = ? AND e.actor_role = 'system' AND e.at >= c.stage_started_at) "
                 "ORDER BY deadline_at LIMIT ?");
  Binder b(s, 1);
  b(district_code);
  for (auto state : states) b(cases::StateName(state));
  bind_clock(b);
  b(action)(int64_t{limit});
  std::vector<Case> out;
  while (s.Step()) out.push_back(ReadCase(s));
  return out;
}

}  // namespace

base::Result<std::vector<Case>> SqlCaseRepository::ListUnattendedOverdue(
    const std::string& district_code, const std::vector<cases::CaseState>& states,
    base::TimeMs deadline_before, const std::string& action, bool below_district, int limit) {
  return db_.With<std::vector<Case>>(false, [&](Db& db) {
    return Unattended(
        db, district_code, states,
        std::string("deadline_at < ?") + (below_district ? " AND level <> 'district'" : ""),
        [&](Binder& b) { b(deadline_before); }, action, limit);
  });
}

base::Result<std::vector<Case>> SqlCaseRepository::ListUnattendedNearDeadline(
    const std::string& district_code, const std::vector<cases::CaseState>& states, base::TimeMs now,
    int percent, const std::string& action, int limit) {
  return db_.With<std::vector<Case>>(false, [&](Db& db) {
    return Unattended(
        db, district_code, states, "deadline_at >= ? AND deadline_at - allowed_ms * ? / 100 <= ?",
        [&](Binder& b) { b(now)(int64_t{100 - percent})(now); }, action, limit);
  });
}

base::Result<std::vector<std::pair<std::string, int64_t>>> SqlCaseRepository::CountCases(
    const cases::CaseQuery& q, cases::CaseGroup group) {
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  return db_.With<Counts>(false, [&](Db& db) {
    const char* column = "state";
    switch (group) {
      case cases::CaseGroup::kState:
        column = "state";
        break;
      case cases::CaseGroup::kStreet:
        column = "street_code";
        break;
      case cases::CaseGroup::kCommunity:
        column = "community_code";
        break;
      case cases::CaseGroup::kGrid:
        column = "grid_code";
        break;
      case cases::CaseGroup::kDepartment:
        column = "COALESCE(CAST(department_id AS TEXT), '')";
        break;
    }
    Filter filter(q);
    Stmt s(db, std::string("SELECT ") + column + " AS k, COUNT(*) FROM cases" + filter.where +
                   " GROUP BY k ORDER BY k");
    filter.Bind(s);
    Counts out;
    while (s.Step()) out.emplace_back(s.Text(0), s.Int(1));
    return out;
  });
}

base::Result<std::vector<int64_t>> SqlCaseRepository::CasesWithAttachment(
    const std::string& attachment_id) {
  return db_.With<std::vector<int64_t>>(false, [&](Db& db) {
    Stmt s(db,
           "SELECT DISTINCT case_id FROM case_events WHERE ';' || attachment_ids || ';' LIKE ?");
    s.Bind(1, "%;" + attachment_id + ";%");
    std::vector<int64_t> out;
    while (s.Step()) out.push_back(s.Int(0));
    return out;
  });
}

std::string EncodeDetails(const std::map<std::string, std::string>& details) {
  std::string out;
  for (const auto& [k, v] : details) {
    out += k + "=";
    for (char ch : v) {
      if (ch == '\\') {
        out += "\\\\";
      } else if (ch == '\n') {
        out += "\\n";
      } else {
        out += ch;
      }
    }
    out += "\n";
  }
  return out;
}

std::map<std::string, std::string> DecodeDetails(const std::string& text) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    size_t eq = line.find('=');
    if (eq != std::string::npos) {
      std::string value;
      for (size_t i = eq + 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          value += line[i + 1] == 'n' ? '\n' : line[i + 1];
          ++i;
        } else {
          value += line[i];
        }
      }
      out[line.substr(0, eq)] = value;
    }
    start = end + 1;
  }
  return out;
}

base::Result<int64_t> SqlCaseRepository::LatestCaseId(const std::string& district_code) {
  return db_.With<int64_t>(false, [&](Db& db) -> int64_t {
    Stmt s(db, "SELECT max(id) FROM cases WHERE district_code = ?");
    s.Bind(1, district_code);
    return s.Step() && !s.IsNull(0) ? s.Int(0) : 0;
  });
}

}  // namespace civicgrid::storage::sql
