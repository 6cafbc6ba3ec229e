#include "storage/sql/daily_stats.h"

#include <map>
#include <tuple>

#include "storage/sql/case_rows.h"

namespace civicgrid::storage::sql {
namespace {

// Binds "district_code = ? AND scope IN (…) AND <day range>".
void BindScopes(Stmt& s, const std::string& district_code, const std::vector<std::string>& scopes,
                int64_t first_day, int64_t last_day) {
  Binder b(s, 1);
  b(district_code);
  for (const auto& scope : scopes) b(scope);
  b(first_day)(last_day);
}

}  // namespace

void AddStats(Db& db, const std::string& district_code,
              const std::vector<cases::StatDelta>& deltas) {
  if (deltas.empty()) return;
  Stmt s(db,
         "INSERT INTO daily_stats (district_code, scope, day, metric, n, ms) VALUES (?,?,?,?,?,?) "
         "ON CONFLICT (district_code, scope, day, metric) DO UPDATE SET n = daily_stats.n + "
         "excluded.n, ms = daily_stats.ms + excluded.ms");
  for (const auto& d : deltas) {
    s.Reset();
    Binder b(s, 1);
    b(district_code)(d.scope)(d.day)(d.metric)(d.n)(d.ms);
    s.Run();
  }
}

base::Result<std::map<std::string, evaluation::Counters>> SqlEvaluationRepository::Sum(
    const std::string& district_code, const std::vector<std::string>& scopes, int64_t first_day,
    int64_t last_day) {
  using Out = std::map<std::string, evaluation::Counters>;
  return db_.With<Out>(false, [&](Db& db) {
    Out out;
    if (scopes.empty()) return out;
    Stmt s(db,
           "SELECT scope, metric, sum(n), sum(ms) FROM daily_stats WHERE district_code = ? "
           "AND scope IN " +
               InList(scopes.size()) + " AND day BETWEEN ? AND ? GROUP BY scope, metric");
    BindScopes(s, district_code, scopes, first_day, last_day);
    while (s.Step()) out[s.Text(0)][s.Text(1)] = {s.Int(2), s.Int(3)};
    return out;
  });
}

base::Result<std::map<int64_t, evaluation::Counters>> SqlEvaluationRepository::Daily(
    const std::string& district_code, const std::string& scope, int64_t first_day,
    int64_t last_day) {
  using Out = std::map<int64_t, evaluation::Counters>;
  return db_.With<Out>(false, [&](Db& db) {
    Stmt s(db,
           "SELECT day, metric, n, ms FROM daily_stats WHERE district_code = ? AND scope = ? AND "
           "day BETWEEN ? AND ?");
    Binder(s, 1)(district_code)(scope)(first_day)(last_day);
    Out out;
    while (s.Step()) out[s.Int(0)][s.Text(1)] = {s.Int(2), s.Int(3)};
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
    BindScopes(s, district_code, scopes, first_day, last_day);
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
      Stmt drop(db, "DELETE FROM daily_stats WHERE district_code = ?");
      Binder(drop, 1)(district);
      drop.Run();
      std::map<std::tuple<std::string, int64_t, std::string>, std::pair<int64_t, int64_t>> sums;
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
          auto& [n, ms] = sums[{d.scope, d.day, d.metric}];
          n += d.n;
          ms += d.ms;
        }
      }
      Stmt put(db,
               "INSERT INTO daily_stats (district_code, scope, day, metric, n, ms) VALUES "
               "(?,?,?,?,?,?)");
      for (const auto& [key, value] : sums) {
        put.Reset();
        Binder(put, 1)(district)(std::get<0>(key))(std::get<1>(key))(std::get<2>(key))(value.first)(
            value.second);
        put.Run();
      }
      return read;
    });
    if (!done) return tl::unexpected(done.error());
    events += *done;
  }
  return events;
}

}  // namespace civicgrid::storage::sql
