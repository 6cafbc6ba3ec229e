// A small known history, its counters replayed from the events exactly as the write path and a
// rebuild produce them, and every indicator and preset checked against numbers worked by hand.
#include <gtest/gtest.h>

#include <map>

#include "base/csv.h"
#include "modules/cases/case_stats.h"
#include "modules/evaluation/indicators.h"
#include "modules/evaluation/presets.h"

namespace civicgrid::evaluation {
namespace {

using cases::Case;
using cases::CaseEvent;
using cases::Channel;

constexpr int64_t kDay = 20000;
constexpr int64_t kMin = 60'000;
constexpr int64_t kHour = 60 * kMin;
const std::string kGrid = "310105001001001";

struct Step {
  const char* action;
  std::map<std::string, std::string> details;
  const char* role = "dispatcher";
  int64_t actor = 2;
};

// Replays the steps of one case into `scopes`.
void Replay(Channel channel, const std::vector<Step>& steps,
            std::map<std::string, Counters>& scopes) {
  Case c;
  c.grid_code = kGrid;
  c.community_code = "310105001001";
  c.street_code = "310105001000";
  c.district_code = "310105000000";
  c.channel = channel;
  cases::StatsReplay replay(c);
  for (const auto& s : steps) {
    CaseEvent e;
    e.action = s.action;
    e.details = s.details;
    e.actor_role = s.role;
    e.actor_id = s.actor;
    for (const auto& d : replay.Next(e, kDay)) {
      auto& counter = scopes[d.scope][d.metric];
      counter.n += d.n;
      counter.ms += d.ms;
    }
  }
}

std::map<std::string, std::string> Stage(const char* stage, int64_t ms, bool late) {
  return {{"stage", stage}, {"stage_ms", std::to_string(ms)}, {"late", late ? "true" : "false"}};
}

std::map<std::string, std::string> With(std::map<std::string, std::string> d, const char* k,
                                        const char* v) {
  d[k] = v;
  return d;
}

std::map<std::string, Counters> History() {
  std::map<std::string, Counters> scopes;
  // 1. A resident's report, every stage in time, closed on time, 满意.
  Replay(Channel::kResident,
         {{"report", {}, "resident", 100},
          {"register", Stage("register", 10 * kMin, false)},
          {"dispatch", {{"department_id", "7"}}},
          {"claim", Stage("claim", 30 * kMin, false), "department_handler", 7001},
          {"report_handled", Stage("handle", 2 * kHour, false), "department_handler", 7001},
          {"verify", With(Stage("verify", kHour, false), "result", "pass"), "inspector", 5},
          {"close", {{"on_time", "true"}}},
          {"rate", {{"satisfaction", "satisfied"}, {"solved", "true"}}, "resident", 100}},
         scopes);
  // 2. A 12345 call: registered late, returned by department 7, claimed late by 8, extended,
  // supervised by the system, handled late, reworked once, closed late, 不满意 (reopened).
  Replay(Channel::kHotline,
         {{"report", {}},
          {"register", Stage("register", 3 * kHour, true)},
          {"dispatch", {{"department_id", "7"}}},
          {"return", With(Stage("claim", 20 * kMin, false), "department_id", "7"),
           "department_handler", 7001},
          {"dispatch", {{"department_id", "8"}}},
          {"claim", Stage("claim", 5 * kHour, true), "department_handler", 8001},
          {"approve_extension", {{"hours", "24"}}},
          {"supervise", {{"department_id", "8"}}, "system", 0},
          {"report_handled", Stage("handle", 10 * kHour, true), "department_handler", 8001},
          {"verify", With(Stage("verify", kHour, false), "result", "fail"), "inspector", 5},
          {"report_handled", Stage("handle", 2 * kHour, false), "department_handler", 8001},
          {"verify", With(Stage("verify", 30 * kMin, false), "result", "pass"), "inspector", 5},
          {"close", {{"on_time", "false"}}},
          {"rate", {{"satisfaction", "unsatisfied"}, {"solved", "false"}, {"reopened", "true"}}}},
         scopes);
  // 3. An inspector fixes it on the spot.
  Replay(Channel::kPatrol,
         {{"report", {}, "inspector", 5},
          {"self_handle", Stage("register", 20 * kMin, false), "inspector", 5}},
         scopes);
  // 4. A resident's report that is not the street's business.
  Replay(Channel::kResident,
         {{"report", {}, "resident", 101}, {"reject", Stage("register", 10 * kMin, false)}},
         scopes);
  // 5. Suspended (挂账) on the way: it leaves the on-time statistics; 基本满意.
  std::map<std::string, std::string> suspended = {{"suspended", "true"}};
  Replay(Channel::kResident,
         {{"report", {}, "resident", 102},
          {"register", Stage("register", 10 * kMin, false)},
          {"dispatch", {{"department_id", "7"}}},
          {"claim", Stage("claim", 10 * kMin, false), "department_handler", 7001},
          {"suspend", {}},
          {"resume", {}},
          {"report_handled", With(Stage("handle", kHour, true), "suspended", "true"),
           "department_handler", 7001},
          {"verify",
           With(With(Stage("verify", 10 * kMin, false), "result", "pass"), "suspended", "true"),
           "inspector", 5},
          {"close", {{"on_time", "false"}, {"suspended", "true"}}},
          {"rate", {{"satisfaction", "basically_satisfied"}, {"solved", "true"}}, "resident", 102}},
         scopes);
  return scopes;
}

TEST(EvaluationTest, EveryIndicatorMatchesTheHandWorkedNumbers) {
  auto scopes = History();
  // The same counters on every level of the area.
  for (const char* area :
       {"a:310105001001001", "a:310105001001", "a:310105001000", "a:310105000000"}) {
    EXPECT_EQ(scopes[area].size(), scopes["a:310105000000"].size()) << area;
  }
  const Counters& c = scopes["a:310105001000"];
  const std::map<std::string, double> expected = {
      {"reports", 5},
      {"public_reports", 4},  // resident ×3 and the 12345 call
      {"public_report_rate", 4.0 / 5},
      {"registrations", 4},  // 1, 2, 5 and the self-handled 3
      {"registration_rate", 4.0 / 5},
      {"registration_on_time_rate", 3.0 / 4},
      {"dispatches", 4},
      {"dispatch_accuracy", 1 - 1.0 / 4},
      {"claim_in_time_rate", 2.0 / 3},
      {"handling_rate", 3.0 / 3},          // verified passes over dispatches less returns
      {"handling_on_time_rate", 2.0 / 3},  // case 5 (suspended) left out
      {"rework_rate", 1.0 / 4},
      {"extension_rate", 1.0 / 3},
      {"overdue_rate", 1.0 / 3},
      {"closures", 4},
      {"closure_rate", 4.0 / 4},
      {"closure_on_time_rate", 2.0 / 3},  // 1 and 3 of 1, 2, 3
      {"mean_register_ms", (10 + 180 + 20 + 10 + 10) * kMin / 5.0},
      {"mean_claim_ms", (30 + 20 + 300 + 10) * kMin / 4.0},
      {"mean_handle_ms", (120 + 600 + 120 + 60) * kMin / 4.0},
      {"mean_verify_ms", (60 + 60 + 30 + 10) * kMin / 4.0},
      {"satisfaction_rate", 2.0 / 3},
      {"resolution_rate", 2.0 / 3},
      {"hotline_response_rate", 0.0},
      {"hotline_resolution_rate", 0.0},
      {"hotline_satisfaction_rate", 0.0},
  };
  ASSERT_EQ(expected.size(), Indicators().size());
  for (const auto& v : ComputeAll(c)) {
    ASSERT_TRUE(expected.count(v.def->key)) << v.def->key;
    ASSERT_TRUE(v.value.has_value()) << v.def->key;
    EXPECT_NEAR(*v.value, expected.at(v.def->key), 1e-9) << v.def->key;
  }

  // Department 7: cases 1 and 5, and case 2 until it returned it.
  const Counters& d7 = scopes["d:7"];
  EXPECT_EQ(d7.at("dispatches").n, 3);
  EXPECT_EQ(d7.at("returns").n, 1);
  EXPECT_NEAR(*Compute("handling_rate", d7), 2.0 / 2, 1e-9);
  EXPECT_NEAR(*Compute("satisfaction_rate", d7), 2.0 / 2, 1e-9);
  // Department 8 got case 2 late and reworked.
  const Counters& d8 = scopes["d:8"];
  EXPECT_NEAR(*Compute("claim_in_time_rate", d8), 0.0, 1e-9);
  EXPECT_NEAR(*Compute("rework_rate", d8), 1.0 / 2, 1e-9);
  EXPECT_NEAR(*Compute("overdue_rate", d8), 1.0, 1e-9);
  // A person: the inspector reported once, fixed it, and verified four times.
  const Counters& inspector = scopes["p:5"];
  EXPECT_EQ(inspector.at("reports").n, 1);
  EXPECT_EQ(inspector.at("verified_pass").n + inspector.at("verified_fail").n, 4);
  // Residents and the system are no persons of the evaluation.
  EXPECT_EQ(scopes.count("p:100"), 0u);
  EXPECT_EQ(scopes.count("p:0"), 0u);
  // Nothing to divide by: no value, not a zero.
  EXPECT_FALSE(Compute("satisfaction_rate", Counters{}).has_value());
}

TEST(EvaluationTest, EventsFromBeforeTheFactsCountButNotOnTime) {
  std::map<std::string, Counters> scopes;
  // A case handled before stage facts and the three callback answers existed.
  Replay(Channel::kResident,
         {{"report", {}, "resident", 100},
          {"register", {}},
          {"dispatch", {{"department_id", "7"}}},
          {"claim", {}, "department_handler", 7001},
          {"report_handled", {}, "department_handler", 7001},
          {"verify", {{"result", "pass"}}, "inspector", 5},
          {"close", {}},
          {"rate", {{"score", "4"}, {"solved", "true"}}, "resident", 100}},
         scopes);
  const Counters& c = scopes["a:310105000000"];
  EXPECT_EQ(c.at("claims").n, 1);
  EXPECT_EQ(c.count("claims_on_time"), 0u);
  EXPECT_EQ(c.at("closures").n, 1);
  EXPECT_EQ(c.count("closures_counted"), 0u);
  EXPECT_FALSE(Compute("closure_on_time_rate", c).has_value());  // no data, not 0%
  EXPECT_FALSE(Compute("handling_on_time_rate", c).has_value());
  EXPECT_EQ(c.at("satisfied").n, 1);  // four stars
  EXPECT_NEAR(*Compute("satisfaction_rate", c), 1.0, 1e-9);
}

std::vector<Preset> Shipped() {
  // The presets as shipped in data/evaluation_presets.csv.
  auto presets = ParsePresets(
      "preset,name,component,weight,negative\n"
      "department,部门,handling_rate,30,false\n"
      "department,部门,handling_on_time_rate,20,false\n"
      "department,部门,rework_rate,20,true\n"
      "department,部门,overdue_rate,20,true\n"
      "department,部门,extension_rate,10,true\n"
      "regional,区域,public_report_rate,10,false\n"
      "regional,区域,registration_rate,20,false\n"
      "regional,区域,closure_rate,30,false\n"
      "regional,区域,closure_on_time_rate,40,false\n"
      "aksu,3+1,score:regional,60,false\n"
      "aksu,3+1,satisfaction_rate,20,false\n"
      "aksu,3+1,entry:leader_rating,20,false\n"
      "aksu,3+1,entry:bonus_penalty,1,false\n"
      "reverse,反向,entry:community_rating,100,false\n");
  EXPECT_TRUE(presets.has_value());
  return *presets;
}

TEST(EvaluationTest, PresetCompositesMatchTheHandWorkedNumbers) {
  auto scopes = History();
  auto presets = Shipped();
  const Counters& c = scopes["a:310105001000"];
  auto score = [&](const char* key, const EntryTotals& entries) {
    for (const auto& p : presets) {
      if (p.key == key) return ComputeScore(p, presets, c, entries).total;
    }
    return std::optional<double>();
  };
  // 30·1 + 20·(2/3) + 20·(1 − 1/4) + 20·(1 − 1/3) + 10·(1 − 1/3)
  EXPECT_NEAR(*score("department", {}), 30 + 40.0 / 3 + 15 + 40.0 / 3 + 20.0 / 3, 1e-9);
  // 10·0.8 + 20·0.8 + 30·1 + 40·(2/3)
  const double regional = 8 + 16 + 30 + 80.0 / 3;
  EXPECT_NEAR(*score("regional", {}), regional, 1e-9);
  // 3+1: 60·regional/100 + 20·(2/3) + 20·0.9 (a leader's 90) + 3 − 1 points.
  EntryTotals entries;
  entries.mean_rating["leader_rating"] = 90;
  entries.bonus_points = 2;
  EXPECT_NEAR(*score("aksu", entries), 0.6 * regional + 40.0 / 3 + 18 + 2, 1e-9);
  // Without a leader's rating the other parts are scaled to the full 100.
  EXPECT_NEAR(*score("aksu", {}), (0.6 * regional + 40.0 / 3) * 100 / 80, 1e-9);
  // Too little data: one rate of the regional score's 100 weight gives no score at all.
  Counters thin;
  thin["reports"] = {1, 0};
  thin["public_reports"] = {1, 0};
  for (const auto& p : presets) {
    if (p.key == "regional") {
      EXPECT_FALSE(ComputeScore(p, presets, thin, {}).total.has_value());
    }
  }
  // The reverse evaluation is the communities' mean rating; none given: no score.
  entries.mean_rating["community_rating"] = 75;
  EXPECT_NEAR(*score("reverse", entries), 75, 1e-9);
  EXPECT_FALSE(score("reverse", {}).has_value());
}

TEST(EvaluationTest, BadPresetsAreRefusedLineByLine) {
  auto bad = ParsePresets(
      "preset,name,component,weight,negative\n"
      "a,A,no_such_indicator,10,false\n"
      "a,A,reports,10,false\n"
      "a,A,closure_rate,-1,false\n"
      "a,A,closure_rate,10,maybe\n"
      "b,B,score:b,10,false\n");
  ASSERT_FALSE(bad.has_value());
  const auto& fields = bad.error().fields;
  EXPECT_TRUE(fields.count("line 2")) << "unknown indicator";
  EXPECT_TRUE(fields.count("line 3")) << "a count is not a rate";
  EXPECT_TRUE(fields.count("line 4")) << "negative weight";
  EXPECT_TRUE(fields.count("line 5")) << "negative flag";
  EXPECT_TRUE(fields.count("preset b")) << "refers to itself";
}

}  // namespace
}  // namespace civicgrid::evaluation
