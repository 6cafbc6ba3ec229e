#include "cli/gen/gen.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/demo.h"
#include "cli/gen/history.h"
#include "modules/areas/area_code.h"
#include "modules/auth/passwords.h"
#include "storage/sql/bulk_loader.h"

namespace civicgrid::cli::gen {

// Generated cases finish within weeks: their counters are written once the batch being loaded
// was reported this many days later (anything later still adds to the written rows).
constexpr int64_t kStatsWindowDays = 45;
namespace {

using Clock = std::chrono::steady_clock;
constexpr base::TimeMs kDayMs = 86'400'000;
constexpr base::TimeMs kLocalOffsetMs = 8 * 3'600'000;

int Fail(const std::string& what) {
  std::cerr << "civicgrid gen: " << what << "\n";
  return 1;
}
int Fail(const base::Error& e) { return Fail(e.message); }

// Local midnight (Asia/Shanghai) that starts YYYY-MM-DD, or today's when `date` is empty.
std::optional<base::TimeMs> LocalMidnight(const std::string& date, base::TimeMs now) {
  if (date.empty()) return (now + kLocalOffsetMs) / kDayMs * kDayMs - kLocalOffsetMs;
  std::tm tm{};
  if (date.size() != 10 || strptime(date.c_str(), "%Y-%m-%d", &tm) == nullptr) return std::nullopt;
  return static_cast<base::TimeMs>(timegm(&tm)) * 1000 - kLocalOffsetMs;
}

// "[#####     ]  45.0%  4500000/10000000 cases  85123/s  ETA 65 s" on one terminal line,
// redrawn at most ten times a second; on a pipe, one line per tenth of the work.
class Progress {
 public:
  Progress(int64_t total, bool enabled) : total_(total), enabled_(enabled), tty_(isatty(2) != 0) {}
  void Update(int64_t done) {
    if (!enabled_ || total_ == 0) return;
    auto now = Clock::now();
    int decile = static_cast<int>(done * 10 / total_);
    if (tty_ ? now - last_ < std::chrono::milliseconds(100) && done < total_
             : decile == last_decile_ && done < total_) {
      return;
    }
    last_ = now;
    last_decile_ = decile;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(done * kWidth / total_);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, ' ');
    std::fprintf(stderr, "%s[%s] %5.1f%%  %lld/%lld cases  %.0f/s  ETA %.0f s%s", tty_ ? "\r" : "",
                 bar.c_str(), 100.0 * static_cast<double>(done) / static_cast<double>(total_),
                 static_cast<long long>(done), static_cast<long long>(total_), rate, eta,
                 tty_ ? (done == total_ ? "\n" : "") : "\n");
  }

 private:
  int64_t total_;
  bool enabled_;
  bool tty_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
  int last_decile_ = -1;
};

struct People {
  std::vector<auth::User> users;
  std::map<std::string, std::string> samples;  // role → one username
};

// Every account of the city; ids from `next_id`. One password for all of them (its argon2id
// hash computed once: hashing per account would take hours at city scale).
People BuildPeople(const std::vector<areas::Area>& areas,
                   const std::vector<catalog::Department>& departments, int residents_per_grid,
                   const std::string& password_hash, int64_t next_id, HistoryInputs& staff) {
  People out;
  auto add = [&](const std::string& username, const std::string& display, access::Role role,
                 const std::string& area, std::optional<int64_t> department = std::nullopt) {
    auth::User u;
    u.id = next_id++;
    u.username = username;
    u.display_name = display;
    u.phone = "137" + std::to_string(10000000 + u.id % 90000000);
    u.role = role;
    u.area_code = area;
    u.department_id = department;
    u.password_hash = password_hash;
    out.samples.emplace(access::RoleName(role), username);
    out.users.push_back(std::move(u));
    return out.users.back().id;
  };
  for (const auto& a : areas) {
    std::string prefix(areas::SignificantPrefix(a.code));
    switch (a.level) {
      case areas::AreaLevel::kDistrict:
        if (out.users.empty()) add("admin", "系统管理员", access::Role::kAdmin, a.code);
        add("district-" + prefix, a.name + "网格中心值班长", access::Role::kDistrictManager,
            a.code);
        add("leader-" + prefix, a.name + "领导", access::Role::kLeader, a.code);
        break;
      case areas::AreaLevel::kStreet: {
        std::string name = "dispatcher-" + prefix;
        int64_t id = add(name, a.name + "网格中心调度员", access::Role::kDispatcher, a.code);
        staff.streets[a.code] = {id, name};
        break;
      }
      case areas::AreaLevel::kCommunity:
        add("community-" + prefix, a.name + "社工", access::Role::kCommunityWorker, a.code);
        break;
      case areas::AreaLevel::kGrid: {
        std::string name = "inspector-" + prefix;
        GridStaff g;
        g.grid_code = a.code;
        g.lng = a.center ? a.center->x() : 0;
        g.lat = a.center ? a.center->y() : 0;
        auto box = boost::geometry::return_envelope<geo::Box>(a.boundary);
        g.half_size = (box.max_corner().x() - box.min_corner().x()) / 2;
        g.inspector_id = add(name, a.grid_leader + "（网格员）", access::Role::kInspector, a.code);
        g.inspector_name = name;
        g.first_resident_id = next_id;
        g.resident_count = residents_per_grid;
        std::string district = *areas::AncestorAt(a.code, areas::AreaLevel::kDistrict);
        for (int r = 0; r < residents_per_grid; ++r) {
          add("resident-" + std::to_string(next_id), "居民", access::Role::kResident, district);
        }
        staff.grids.push_back(std::move(g));
        break;
      }
    }
  }
  for (const auto& d : departments) {
    std::string name = "handler-" + std::to_string(d.id);
    int64_t id = add(name, d.name + "处置员", access::Role::kDepartmentHandler,
                     d.area_codes.empty() ? "" : d.area_codes.front(), d.id);
    staff.handlers[d.id] = {id, name};
  }
  return out;
}

}  // namespace

int RunGen(Runtime& rt, const GenOptions& o) {
  const auto started = Clock::now();
  const access::Actor system = access::SystemActor();
  storage::sql::BulkLoader loader(rt.Database());
  auto existing_cases = loader.MaxId("cases");
  if (!existing_cases) return Fail(existing_cases.error());
  auto districts_now = rt.Catalog().Departments(system);
  if (*existing_cases > 0 || (districts_now && !districts_now->empty())) {
    return Fail("gen fills an empty database; give a new --db (or --data-dir)");
  }
  auto until = LocalMidnight(o.until, rt.Clock().NowMs());
  if (!until) return Fail("--until must be a date YYYY-MM-DD");
  const base::TimeMs start = *until - int64_t{o.days} * kDayMs;

  // Reference data and the city.
  if (auto st = LoadReferenceCatalog(rt); !st) return Fail(st.error());
  auto areas = BuildAreas(o.shape);
  std::vector<areas::AreaImportRow> rows;
  rows.reserve(areas.size());
  for (size_t i = 0; i < areas.size(); ++i) rows.push_back({static_cast<int>(i + 1), areas[i]});
  if (auto st = rt.Areas().Import(system, std::move(rows)); !st) return Fail(st.error());
  auto catalog = BuildCatalog(areas);
  if (auto st = rt.Catalog().ImportDepartmentsCsv(system, catalog.departments_csv); !st) {
    return Fail(st.error());
  }
  if (auto st = rt.Catalog().ImportResponsibilityCsv(system, catalog.responsibility_csv); !st) {
    return Fail(st.error());
  }
  auto departments = rt.Catalog().Departments(system);
  auto rules = rt.Catalog().Responsibility(system);
  auto limits = rt.Catalog().TimeLimits(system);
  auto categories = rt.Catalog().Categories(system);
  if (!departments || !rules || !limits || !categories) return Fail("cannot read the catalog back");

  HistoryInputs in;
  for (const auto& d : *departments) {
    if (d.name == areas.front().name + "城管执法大队") in.fallback_department_id = d.id;
  }
  for (const auto& c : *categories) {
    if (c.level == 2) in.types.push_back(c);
  }
  in.time_limits = *limits;
  in.rules = *rules;
  in.calendar = &rt.Calendar();
  in.start = start;
  in.until = *until;
  in.total_cases = o.cases;
  in.seed = o.shape.seed;

  // People.
  std::string password = auth::NewToken().substr(0, 12);
  auto hash = auth::HashPassword(password);
  if (!hash) return Fail(hash.error());
  auto max_user = loader.MaxId("users");
  if (!max_user) return Fail(max_user.error());
  People people = BuildPeople(areas, *departments, o.shape.residents, *hash, *max_user + 1, in);
  if (auto st = loader.Begin(); !st) return Fail(st.error());
  if (auto st = loader.AddUsers(people.users); !st) return Fail(st.error());

  // Cases: the next batch is simulated on another thread while this one is written.
  HistoryGenerator generator(std::move(in));
  std::map<std::string, int64_t> numbers;  // prefix → last sequence
  // The indicators' counters are summed on that thread too: with the histories made in order of
  // their reports, the days well before a batch's first report are complete and leave memory as
  // rows for the writer.
  storage::sql::StatsAccumulator stats;
  struct Made {
    std::vector<storage::sql::CaseHistory> batch;
    storage::sql::StatRows stats;
  };
  auto make = [&](int64_t from) {
    Made made;
    int64_t to = std::min<int64_t>(o.cases, from + o.batch);
    made.batch.reserve(static_cast<size_t>(to - from));
    for (int64_t i = from; i < to; ++i) {
      made.batch.push_back(generator.Make(i, i + 1));
      stats.Add(made.batch.back().c, made.batch.back().events, rt.Calendar());
    }
    if (!made.batch.empty()) {
      int64_t day = rt.Calendar().LocalDay(made.batch.front().c.created_at);
      made.stats = stats.Take(day - kStatsWindowDays);
    }
    return made;
  };
  Progress progress(o.cases, o.progress);
  int64_t events = 0;
  std::future<Made> next;
  if (o.cases > 0) next = std::async(std::launch::async, make, 0);
  for (int64_t from = 0; from < o.cases; from += o.batch) {
    Made made = next.get();
    auto& batch = made.batch;
    if (from + o.batch < o.cases) next = std::async(std::launch::async, make, from + o.batch);
    for (auto& h : batch) {
      std::string prefix =
          cases::CaseNumberPrefix(h.c.district_code, h.c.created_at, rt.Calendar());
      h.c.number = cases::CaseNumber(prefix, ++numbers[prefix]);
      events += static_cast<int64_t>(h.events.size());
    }
    if (auto st = loader.AddCases(batch); !st) return Fail(st.error());
    if (auto st = loader.AddStats(made.stats); !st) return Fail(st.error());
    progress.Update(std::min<int64_t>(o.cases, from + o.batch));
  }
  if (auto st = loader.AddStats(stats.Take(std::numeric_limits<int64_t>::max())); !st) {
    return Fail(st.error());
  }
  // The last steps, each named and timed: at city scale they take minutes.
  auto step = [&](const char* what, auto&& run) {
    const auto t = Clock::now();
    if (o.progress) std::cerr << what << "…" << std::flush;
    auto st = run();
    if (o.progress) {
      std::fprintf(stderr, " %.1f s\n", std::chrono::duration<double>(Clock::now() - t).count());
    }
    return st;
  };
  if (auto st = step("summing the counters", [&] { return loader.SumStats(); }); !st) {
    return Fail(st.error());
  }
  if (auto st = step("rebuilding indexes", [&] { return loader.RebuildIndexes(); }); !st) {
    return Fail(st.error());
  }
  if (auto st = step("gathering statistics and syncing", [&] { return loader.Finish(numbers); });
      !st) {
    return Fail(st.error());
  }

  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  size_t grids = 0;
  for (const auto& a : areas) grids += a.level == areas::AreaLevel::kGrid ? 1 : 0;
  std::cout << "generated " << areas.size() << " areas (" << grids << " grids), "
            << departments->size() << " departments, " << rules->size() << " rules, "
            << people.users.size() << " users, " << o.cases << " cases with " << events
            << " events in " << static_cast<int64_t>(seconds) << " s\n";
  nlohmann::json j = {{"password", password}, {"accounts", people.samples}};
  std::string path = rt.Options().data_dir + "/gen-users.json";
  std::ofstream out(path, std::ios::trunc);
  out << j.dump(2) << "\n";
  if (!out) return Fail("cannot write " + path);
  std::cout << "every generated account has the password in " << path << "\n";
  return 0;
}

}  // namespace civicgrid::cli::gen
