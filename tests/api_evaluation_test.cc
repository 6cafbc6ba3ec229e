// The evaluation over the real server: the counters move with each step of the loop, every
// endpoint answers only whoever may see the subject, rankings and spreadsheets come out, the
// leaders' entries feed the "3+1" score, and a full recomputation from the events gives the same
// numbers as the counters kept in the write path.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

const std::string kStreet = "310105001000";
const std::string kDistrict = "310105000000";

json Indicators(const std::string& token, const std::string& query, int status = 200) {
  auto r = Server().Get("/api/v1/evaluation/indicators?" + query, token);
  EXPECT_EQ(r.status, status) << query << ": " << r.body;
  return r.json;
}

int64_t Count(const json& report, const char* counter) {
  const json& c = report["counters"];
  if (!c.contains(counter)) return 0;
  return c[counter].is_object() ? c[counter]["n"].get<int64_t>() : c[counter].get<int64_t>();
}

double IndicatorValue(const json& report, const std::string& key) {
  for (const auto& i : report["indicators"]) {
    if (i["key"] == key) return i["value"].is_null() ? -1 : i["value"].get<double>();
  }
  ADD_FAILURE() << "no indicator " << key;
  return -1;
}

void Act(const std::string& token, int64_t id, const std::string& action, const json& body) {
  auto r = Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
  ASSERT_EQ(r.status, 200) << action << ": " << r.body;
}

TEST(ApiEvaluationTest, CountersFollowTheLoopAndARebuildFromEventsAgrees) {
  std::string manager = Server().Login("district_manager");
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  std::string inspector = Server().Login("inspector");
  std::string resident = Server().Login("resident");
  std::string grid = Server().Get("/api/v1/auth/me", inspector).json["area_code"];
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();

  json before = Indicators(manager, "area=" + grid);
  json dept_before = Indicators(manager, "department_id=" + std::to_string(dept));
  int64_t id = Demo::Report(resident, "resident")["id"].get<int64_t>();
  Act(dispatcher, id, "register", json::object());
  Act(dispatcher, id, "dispatch", {{"department_id", dept}});
  Act(handler, id, "claim", json::object());
  Act(handler, id, "report_handled",
      {{"note", "已清运"}, {"attachment_ids", {Demo::UploadPhoto(handler)}}});
  Act(inspector, id, "verify", {{"result", "pass"}});
  Act(dispatcher, id, "close", json::object());
  Act(resident, id, "rate", {{"satisfaction", "satisfied"}, {"solved", true}});

  json after = Indicators(manager, "area=" + grid);
  for (const char* counter :
       {"reports", "public_reports", "registrations", "dispatches", "claims", "handled",
        "verified_pass", "closures", "rated", "satisfied", "solved"}) {
    EXPECT_EQ(Count(after, counter), Count(before, counter) + 1) << counter;
  }
  // The street's intake by channel and category, on its dashboard.
  auto today = Server().Get("/api/v1/evaluation/dashboard?area=" + kStreet, manager);
  ASSERT_EQ(today.status, 200) << today.body;
  EXPECT_GT(today.json["intake"]["channel_resident"].get<int64_t>(), 0);
  EXPECT_GT(today.json["intake"]["category_06010"].get<int64_t>(), 0);
  EXPECT_FALSE(today.json["days"].empty());
  json dept_after = Indicators(manager, "department_id=" + std::to_string(dept));
  for (const char* counter : {"dispatches", "claims", "handled", "closures", "rated"}) {
    EXPECT_EQ(Count(dept_after, counter), Count(dept_before, counter) + 1) << counter;
  }
  EXPECT_EQ(Count(dept_after, "reports"), Count(dept_before, "reports"));  // not the dept's
  // Every indicator is listed with its formula; rates lie in [0, 1].
  ASSERT_EQ(after["indicators"].size(), 26u);
  for (const auto& i : after["indicators"]) {
    EXPECT_FALSE(i["formula"].get<std::string>().empty());
    if (i["kind"] == "rate" && !i["value"].is_null()) {
      EXPECT_GE(i["value"].get<double>(), 0.0);
      EXPECT_LE(i["value"].get<double>(), 1.0);
    }
  }
  EXPECT_TRUE(after["scores"].contains("regional"));
  EXPECT_GT(IndicatorValue(after, "satisfaction_rate"), 0);

  // A full recomputation from the events gives the same counters, for areas, departments and
  // persons.
  std::string queries[] = {"area=" + kDistrict, "area=" + grid,
                           "department_id=" + std::to_string(dept),
                           "user_id=" + Server().Get("/api/v1/auth/me", handler).json["id"].dump()};
  std::vector<json> kept;
  for (const auto& q : queries) kept.push_back(Indicators(manager, q + "&from=2024-01-01"));
  std::string output;
  ASSERT_EQ(Server().RunCli({"stats-rebuild"}, &output), 0) << output;
  EXPECT_NE(output.find("recomputed"), std::string::npos) << output;
  for (size_t i = 0; i < std::size(queries); ++i) {
    json rebuilt = Indicators(manager, queries[i] + "&from=2024-01-01");
    EXPECT_EQ(rebuilt["counters"], kept[i]["counters"]) << queries[i];
    EXPECT_GT(Count(rebuilt, "reports") + Count(rebuilt, "claims"), 0) << queries[i];
  }
}

// Dates as days since 1970-01-01 (the test is a client: it links nothing of the server).
int64_t DayOf(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  EXPECT_EQ(std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d), 3) << iso;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}
std::chrono::year_month_day Ymd(int64_t day) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
}
std::string Iso(int64_t day) {
  const auto ymd = Ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}
int64_t MonthStart(int64_t day) {
  const auto ymd = Ymd(day);
  return std::chrono::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count();
}
int64_t NextMonthStart(int64_t day) {
  const auto ymd = Ymd(day);
  return std::chrono::sys_days{ymd.year() / ymd.month() / 1 + std::chrono::months{1}}
      .time_since_epoch()
      .count();
}

// Whole calendar months are summed from month rows and the days around them from day rows: a
// period over whole months gives what its days give one at a time.
TEST(ApiEvaluationTest, MonthRowsSumToTheirDays) {
  std::string manager = Server().Login("district_manager");
  std::string resident = Server().Login("resident");
  Demo::Report(resident, "resident");
  const std::string area = "area=" + kDistrict;
  const int64_t today = DayOf(Indicators(manager, area)["period"]["to"].get<std::string>());
  const int64_t first = MonthStart(MonthStart(today) - 1) - 3;  // 3 days + 2 months
  const int64_t last = NextMonthStart(today) - 1;
  json whole = Indicators(manager, area + "&from=" + Iso(first) + "&to=" + Iso(last));
  std::map<std::string, std::pair<int64_t, int64_t>> by_day;
  for (int64_t d = first; d <= last; ++d) {
    json one = Indicators(manager, area + "&from=" + Iso(d) + "&to=" + Iso(d));
    for (const auto& [name, c] : one["counters"].items()) {
      auto& [n, ms] = by_day[name];
      n += c.is_object() ? c["n"].get<int64_t>() : c.get<int64_t>();
      ms += c.is_object() && c.contains("ms") ? c["ms"].get<int64_t>() : 0;
    }
  }
  ASSERT_FALSE(by_day.empty());
  EXPECT_GT(by_day["reports"].first, 0);
  for (const auto& [name, c] : whole["counters"].items()) {
    EXPECT_EQ(c.is_object() ? c["n"].get<int64_t>() : c.get<int64_t>(), by_day[name].first) << name;
    if (c.is_object() && c.contains("ms")) {
      EXPECT_EQ(c["ms"].get<int64_t>(), by_day[name].second) << name;
    }
  }
  EXPECT_EQ(whole["counters"].size(), by_day.size());
}

TEST(ApiEvaluationTest, OnlyThoseWhoMaySeeTheSubjectGetItsNumbers) {
  std::string resident = Server().Login("resident");
  std::string inspector = Server().Login("inspector");
  std::string handler = Server().Login("department_handler");
  std::string dispatcher = Server().Login("dispatcher");
  std::string leader = Server().Login("leader");
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();
  std::string grid = Server().Get("/api/v1/auth/me", inspector).json["area_code"];

  EXPECT_EQ(Server().Get("/api/v1/evaluation/indicators?area=" + kDistrict).status, 401);
  Indicators(resident, "area=" + kDistrict, 403);
  Indicators(inspector, "area=" + kStreet, 403);  // beyond the inspector's grid
  Indicators(inspector, "area=" + grid);
  Indicators(dispatcher, "area=310105002000", 403);  // another street
  Indicators(handler, "department_id=" + std::to_string(dept));
  Indicators(handler, "department_id=" + std::to_string(dept + 1), 403);
  Indicators(handler, "area=" + kStreet, 403);
  Indicators(leader, "area=" + kDistrict);
  Indicators(leader, "department_id=" + std::to_string(dept + 1));
  // Bad input names the field.
  json bad = Indicators(leader, "area=" + kDistrict + "&from=2026-13-01&to=yesterday", 422);
  EXPECT_TRUE(bad["error"]["fields"].contains("from"));
  EXPECT_TRUE(bad["error"]["fields"].contains("to"));
  bad = Indicators(leader, "area=" + kDistrict + "&from=2026-02-01&to=2026-01-01", 422);
  EXPECT_TRUE(bad["error"]["fields"].contains("to"));
  bad = Indicators(leader, "area=" + kDistrict + "&from=2999-01-01", 422);
  EXPECT_TRUE(bad["error"]["fields"].contains("from")) << bad.dump();
  bad = Indicators(leader, "from=2026-01-01", 422);
  EXPECT_TRUE(bad["error"]["fields"].contains("subject"));
  Indicators(leader, "area=999999000000", 404);
  Indicators(leader, "department_id=abc", 422);
}

TEST(ApiEvaluationTest, RankingsSpreadsheetsAndTheLeadersEntries) {
  std::string leader = Server().Login("leader");
  std::string community = Server().Login("community_worker");
  std::string resident = Server().Login("resident");
  std::string handler = Server().Login("department_handler");
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();

  auto ranking =
      Server().Get("/api/v1/evaluation/ranking?area=" + kDistrict + "&preset=regional", leader);
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  ASSERT_GT(ranking.json["rows"].size(), 5u);  // the district's streets
  EXPECT_EQ(ranking.json["preset"]["key"], "regional");
  EXPECT_EQ(ranking.json["rows"][0]["rank"], 1);  // the demo street has cases
  EXPECT_EQ(ranking.json["rows"][0]["subject"]["key"], kStreet);
  EXPECT_EQ(ranking.json["previous_period"]["days"], ranking.json["period"]["days"]);
  auto rollup = Server().Get(
      "/api/v1/evaluation/ranking?area=" + kDistrict + "&preset=regional&rollup=true", leader);
  ASSERT_EQ(rollup.status, 200) << rollup.body;
  auto depts =
      Server().Get("/api/v1/evaluation/ranking?area=" + kDistrict + "&of=departments", leader);
  ASSERT_EQ(depts.status, 200) << depts.body;
  EXPECT_EQ(depts.json["preset"]["key"], "department");
  EXPECT_EQ(
      Server().Get("/api/v1/evaluation/ranking?area=" + kDistrict + "&preset=nope", leader).status,
      422);
  EXPECT_EQ(Server().Get("/api/v1/evaluation/ranking?area=" + kDistrict, resident).status, 403);
  std::string inspector = Server().Login("inspector");
  std::string grid = Server().Get("/api/v1/auth/me", inspector).json["area_code"];
  EXPECT_EQ(
      Server().Get("/api/v1/evaluation/ranking?of=departments&area=" + grid, inspector).status,
      403);  // an inspector sees the grid, not the departments' scores
  auto bad_rollup =
      Server().Get("/api/v1/evaluation/ranking?area=" + kDistrict + "&rollup=yes", leader);
  EXPECT_EQ(bad_rollup.status, 422);
  EXPECT_TRUE(bad_rollup.json["error"]["fields"].contains("rollup"));

  auto csv = Server().Get("/api/v1/evaluation/ranking.csv?area=" + kDistrict, leader);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");  // Excel reads UTF-8 by its BOM
  EXPECT_NE(csv.body.find("名次,对象,得分"), std::string::npos);
  EXPECT_NE(csv.body.find("\r\n"), std::string::npos);
  auto xlsx = Server().Get("/api/v1/evaluation/ranking.xlsx?area=" + kDistrict, leader);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");  // a zip container, parsed back in the e2e suite
  EXPECT_NE(xlsx.content_type.find("spreadsheetml"), std::string::npos);

  // The leaders' part of "3+1": a rating and points with reasons.
  auto post = [&](const std::string& token, const json& body) {
    return Server().Post("/api/v1/evaluation/entries", body, token);
  };
  auto no_reason = post(leader, {{"area", kStreet}, {"kind", "bonus"}, {"points", 5}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_TRUE(no_reason.json["error"]["fields"].contains("reason")) << no_reason.body;
  EXPECT_EQ(post(leader, {{"area", kStreet}, {"kind", "leader_rating"}, {"points", 101}}).status,
            422);
  EXPECT_EQ(post(resident, {{"area", kStreet}, {"kind", "leader_rating"}, {"points", 80}}).status,
            403);
  EXPECT_EQ(post(community, {{"area", kStreet}, {"kind", "leader_rating"}, {"points", 80}}).status,
            403);
  ASSERT_EQ(post(leader, {{"area", kStreet}, {"kind", "leader_rating"}, {"points", 90}}).status,
            201);
  ASSERT_EQ(post(leader, {{"area", kStreet}, {"kind", "bonus"}, {"points", 3}, {"reason", "创新"}})
                .status,
            201);
  ASSERT_EQ(
      post(leader, {{"area", kStreet}, {"kind", "penalty"}, {"points", 1}, {"reason", "迟报"}})
          .status,
      201);
  json street = Indicators(leader, "area=" + kStreet);
  const json& aksu = street["scores"]["aksu"];
  double leader_part = -1;
  double bonus = -1;
  for (const auto& p : aksu["parts"]) {
    if (p["component"] == "entry:leader_rating") leader_part = p["value"].get<double>();
    if (p["component"] == "entry:bonus_penalty") bonus = p["value"].get<double>();
  }
  EXPECT_DOUBLE_EQ(leader_part, 0.9);
  EXPECT_DOUBLE_EQ(bonus, 2);
  // The reverse evaluation: the community rates the department that gave it work.
  ASSERT_EQ(post(community, {{"department_id", dept}, {"kind", "community_rating"}, {"points", 70}})
                .status,
            201);
  json reverse = Indicators(leader, "department_id=" + std::to_string(dept));
  EXPECT_DOUBLE_EQ(reverse["scores"]["reverse"]["total"].get<double>(), 70);
  auto listed = Server().Get("/api/v1/evaluation/entries?area=" + kStreet, leader);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json["items"].size(), 3u);
}

}  // namespace
}  // namespace civicgrid::testing
