#include "storage/sql/daily_stats.h"

#include <map>
#include <string_view>
#include <tuple>

#include "base/working_calendar.h"
#include "storage/sql/case_rows.h"
#include "storage/sql/stat_table.h"

namespace civicgrid::storage::sql {
namespace {

// Binds "district_code = ? AND scope IN (…)".
void BindScopes(Binder& b, const std::string& district_code,
                const std::vector<std::string>& scopes) {
  b(district_code);
  for (const auto& scope : scopes) b(scope);
}

// The rows that sum to the days [first, last]: the whole calendar months inside it as month rows,
// the days before and after them as day rows.
struct Pieces {
  int64_t head_first, head_last;    // day rows
  int64_t month_first, month_last;  // month rows (their first days)
  int64_t tail_first, tail_last;    // day rows
};
Pieces Split(int64_t first, int64_t last) {
  const int64_t months_from =
      base::MonthStart(first) == first ? first : base::NextMonthStart(first);
  const int64_t months_to = base::MonthStart(last + 1);  // exclusive
  if (months_from >= months_to) return {first, last, 1, 0, 1, 0};
  return {first, months_from - 1, months_from, months_to - 1, months_to, last};
}

std::string SumColumns() {
  std::string out;
  for (const char* name : StatColumnNames()) out += std::string(", sum(") + name + ")";
  return out;
}

}  // namespace

void AddStats(Db& db, const std::string& district_code,
              const std::vector<cases::StatDelta>& deltas) {
  if (deltas.empty()) return;
  StatSums sums;
  for (const auto& d : deltas) sums.Add(district_code, d.scope, d.day, d.metric, d.n, d.ms);
  WriteStats(db, sums.Rows());
}

base::Result<std::map<std::string, evaluation::Counters>> SqlEvaluationRepository::Sum(
    const std::string& district_code, const std::vector<std::string>& scopes, int64_t first_day,
    int64_t last_day) {
  using Out = std::map<std::string, evaluation::Counters>;
  return db_.With<Out>(false, [&](Db& db) {
    Out out;
    std::vector<std::string> totals, intake;
    for (const auto& scope : scopes) (scope.rfind("i:", 0) == 0 ? intake : totals).push_back(scope);
    const Pieces p = Split(first_day, last_day);
    auto pieces = [&](const std::string& table, const std::string& cols, size_t n) {
      std::string where = " FROM " + table + " WHERE district_code = ? AND scope IN " + InList(n) +
                          " AND span = ? AND start BETWEEN ? AND ?";
      return "SELECT scope" + cols + where + " UNION ALL SELECT scope" + cols + where +
             " UNION ALL SELECT scope" + cols + where;
    };
    auto run = [&](Stmt& s, const std::vector<std::string>& list) {
      Binder b(s, 1);
      for (auto [span, from, to] : {std::tuple{"day", p.head_first, p.head_last},
                                    {"month", p.month_first, p.month_last},
                                    {"day", p.tail_first, p.tail_last}}) {
        BindScopes(b, district_code, list);
        b(span)(from)(to);
      }
    };
    if (!totals.empty()) {
      std::string cols;
      for (const char* name : StatColumnNames()) cols += std::string(", ") + name;
      Stmt s(db, "SELECT scope" + SumColumns() + " FROM (" +
                     pieces("stat_totals", cols, totals.size()) + ") t GROUP BY scope");
      run(s, totals);
      while (s.Step()) {
        StatValues v{};
        for (size_t i = 0; i < kStatColumns; ++i) v[i] = s.Int(static_cast<int>(i) + 1);
        AddToCounters(v, out[s.Text(0)]);
      }
    }
    if (!intake.empty()) {
      Stmt s(db, "SELECT scope, metric, sum(n) FROM (" +
                     pieces("intake_totals", ", metric, n", intake.size()) +
                     ") t GROUP BY scope, metric");
      run(s, intake);
      while (s.Step()) out[s.Text(0)][s.Text(1)].n += s.Int(2);
    }
    return out;
  });
}

base::Result<std::map<int64_t, evaluation::Counters>> SqlEvaluationRepository::Daily(
    const std::string& district_code, const std::string& scope, int64_t first_day,
    int64_t last_day) {
  using Out = std::map<int64_t, evaluation::Counters>;
  return db_.With<Out>(false, [&](Db& db) {
    Out out;
    if (scope.rfind("i:", 0) == 0) {
      Stmt s(db,
             "SELECT start, metric, n FROM intake_totals WHERE district_code = ? AND scope = ? "
             "AND span = 'day' AND start BETWEEN ? AND ?");
      Binder(s, 1)(district_code)(scope)(first_day)(last_day);
      while (s.Step()) out[s.Int(0)][s.Text(1)].n += s.Int(2);
      return out;
    }
    std::string cols;
    for (const char* name : StatColumnNames()) cols += std::string(", ") + name;
    Stmt s(db, "SELECT start" + cols +
                   " FROM stat_totals WHERE district_code = ? AND scope = ? AND span = 'day' AND "
                   "start BETWEEN ? AND ?");
    Binder(s, 1)(district_code)(scope)(first_day)(last_day);
    while (s.Step()) {
      StatValues v{};
      for (size_t i = 0; i < kStatColumns; ++i) v[i] = s.Int(static_cast<int>(i) + 1);
      AddToCounters(v, out[s.Int(0)]);
    }
    return out;
  });
}

base::Result<evaluation::Entry> SqlEvaluationRepository::AddEntry(evaluation::Entry e) {
  return db_.With<evaluation::Entry>(true, [&](Db& db) {
    Stmt s(db,
           "INSERT INTO evaluation_entries (district_code, scope, kind, first_day, last_day, "
           "points, reason, by_user, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
    Binder(s, 1)(e.district_code)(e.scope)(e.kind)(e.first_day)(e.last_day)(e.points)(e.reason)(
        e.by_user)(e.created_at);
    if (s.Step()) e.id = s.Int(0);
    s.Reset();
    return e;
  });
}

base::Result<std::vector<evaluation::Entry>> SqlEvaluationRepository::ListEntries(
    const std::string& district_code, const std::vector<std::string>& scopes, int64_t first_day,
    int64_t last_day) {
  using Out = std::vector<evaluation::Entry>;
  return db_.With<Out>(false, [&](Db& db) {
    Out out;
    if (scopes.empty()) return out;
    Stmt s(db,
           "SELECT id, scope, kind, first_day, last_day, points, reason, by_user, created_at FROM "
           "evaluation_entries WHERE district_code = ? AND scope IN " +
               InList(scopes.size()) + " AND last_day >= ? AND first_day <= ? ORDER BY id");
    Binder b(s, 1);
    BindScopes(b, district_code, scopes);
    b(first_day)(last_day);
    while (s.Step()) {
      evaluation::Entry e;
      e.id = s.Int(0);
      e.district_code = district_code;
      e.scope = s.Text(1);
      e.kind = s.Text(2);
      e.first_day = s.Int(3);
      e.last_day = s.Int(4);
      e.points = s.Double(5);
      e.reason = s.Text(6);
      e.by_user = s.Int(7);
      e.created_at = s.Int(8);
      out.push_back(std::move(e));
    }
    return out;
  });
}

base::Result<int64_t> SqlEvaluationRepository::Rebuild(const base::WorkingCalendar& calendar) {
  auto districts = db_.With<std::vector<std::string>>(false, [](Db& db) {
    Stmt s(db, "SELECT DISTINCT district_code FROM cases ORDER BY district_code");
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    return out;
  });
  if (!districts) return tl::unexpected(districts.error());
  int64_t events = 0;
  // One district per transaction: its counters are replaced at once, and memory holds one
  // district's sums.
  for (const auto& district : *districts) {
    auto done = db_.With<int64_t>(true, [&](Db& db) {
      for (const char* table : {"stat_totals", "intake_totals"}) {
        Stmt drop(db, std::string("DELETE FROM ") + table + " WHERE district_code = ?");
        Binder(drop, 1)(district);
        drop.Run();
      }
      StatSums sums;
      Stmt s(db,
             "SELECT e.case_id, e.action, e.actor_id, e.actor_role, e.at, e.details, c.channel, "
             "c.grid_code, c.community_code, c.street_code, c.category_code FROM case_events e "
             "JOIN cases c ON "
             "c.id = e.case_id AND c.district_code = e.district_code WHERE e.district_code = ? "
             "ORDER BY e.case_id, e.id");
      Binder(s, 1)(district);
      int64_t read = 0;
      int64_t current = -1;
      cases::Case facts;
      std::optional<cases::StatsReplay> replay;
      while (s.Step()) {
        ++read;
        if (s.Int(0) != current) {
          current = s.Int(0);
          facts = cases::Case{};
          facts.district_code = district;
          facts.channel = cases::ParseChannel(s.Text(6)).value_or(cases::Channel::kResident);
          facts.grid_code = s.Text(7);
          facts.community_code = s.Text(8);
          facts.street_code = s.Text(9);
          facts.category_code = s.Text(10);
          replay.emplace(facts);
        }
        cases::CaseEvent e;
        e.action = s.Text(1);
        e.actor_id = s.Int(2);
        e.actor_role = s.Text(3);
        e.at = s.Int(4);
        e.details = DecodeDetails(s.Text(5));
        for (const auto& d : replay->Next(e, calendar.LocalDay(e.at))) {
          sums.Add(district, d.scope, d.day, d.metric, d.n, d.ms);
        }
      }
      WriteStats(db, sums.Rows());
      return read;
    });
    if (!done) return tl::unexpected(done.error());
    events += *done;
  }
  return events;
}

}  // namespace civicgrid::storage::sql
