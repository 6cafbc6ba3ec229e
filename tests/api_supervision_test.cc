// Supervision that runs by itself, through the real binary: a sibling server in the test-only
// clock mode lets a dispatched case's claim deadline pass; its light goes green → amber → red;
// the automatic supervision writes one 预警 at amber and one 督办 event by the system per stage,
// each notifying the department and the centre; a case still overdue
// a day later is escalated once to the district centre. And the scheduler: of several serve
// processes on one database exactly one leads, and another takes over when it stops.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

json Act(const TestServer& s, const std::string& token, int64_t id, const std::string& action,
         const json& body) {
  auto r = s.Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
  EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  return r.json;
}

json Case(const TestServer& s, const std::string& token, int64_t id) {
  auto r = s.Get("/api/v1/cases/" + std::to_string(id), token);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json;
}

int SystemEvents(const json& c, const std::string& action) {
  int n = 0;
  for (const auto& e : c["history"]) {
    if (e["action"] == action && e["actor"]["role"] == "system") ++n;
  }
  return n;
}

// The kinds of notification `token` holds about case `id`, newest first.
std::vector<std::string> Kinds(const TestServer& s, const std::string& token, int64_t id) {
  auto r = s.Get("/api/v1/notifications?limit=100", token);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::string> out;
  for (const auto& n : r.json["items"]) {
    if (n["case_id"] == id) out.push_back(n["kind"].get<std::string>());
  }
  return out;
}

// Moves the sibling's clock so that it reads `target_ms` (or a little later).
void AdvanceTo(const TestServer& s, const std::string& admin, int64_t target_ms) {
  auto now = s.Get("/api/v1/health").json;
  auto r = s.Post("/api/v1/test/clock", {{"advance_ms", 0}}, admin);
  ASSERT_EQ(r.status, 200) << r.body;
  // The health time has second precision: read the offset instead and compute from it.
  int64_t offset = r.json["offset_ms"].get<int64_t>();
  int64_t real_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  int64_t advance = target_ms - (real_now + offset);
  if (advance > 0) {
    r = s.Post("/api/v1/test/clock", {{"advance_ms", advance}}, admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  (void)now;
}

TEST(ApiSupervisionTest, LightsTurnAndOverdueCasesAreSupervisedThenEscalatedOnce) {
  auto clock = Server().StartSibling({"--test-clock", "--scheduler-interval-ms", "0"});
  const TestServer& s = *clock;
  std::string admin = s.Login("admin");
  std::string dispatcher = s.Login("dispatcher");
  std::string handler = s.Login("department_handler");
  std::string inspector = s.Login("inspector");
  // Moving the clock may outlast the 12-hour sessions (a claim deadline reported after hours
  // lies the next working morning): sign in again after each move.
  auto advance = [&](int64_t target_ms) {
    AdvanceTo(s, admin, target_ms);
    admin = s.Login("admin");
    dispatcher = s.Login("dispatcher");
    handler = s.Login("department_handler");
  };

  // Only this mode has the test routes, and only for an administrator.
  EXPECT_EQ(Server().Post("/api/v1/test/clock", {{"advance_ms", 1}}, admin).status, 404);
  EXPECT_EQ(s.Post("/api/v1/test/clock", {{"advance_ms", 1}}, dispatcher).status, 403);
  EXPECT_EQ(s.Post("/api/v1/test/clock", {{"advance_ms", -5}}, admin).status, 422);

  auto created = s.Post("/api/v1/cases",
                        {{"category_code", "06010"},
                         {"description", "督办测试"},
                         {"lng", Demo::InspectorPoint().first},
                         {"lat", Demo::InspectorPoint().second},
                         {"channel", "patrol"}},
                        inspector);
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json["id"].get<int64_t>();
  int64_t dept = s.Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();
  Act(s, dispatcher, id, "register", json::object());
  json dispatched = Act(s, dispatcher, id, "dispatch", {{"department_id", dept}});
  ASSERT_EQ(dispatched["stage"], "claim");
  EXPECT_EQ(dispatched["light"], "green");
  int64_t deadline = dispatched["deadline_ms"].get<int64_t>();

  // Amber shortly before the deadline: one warning (预警) to the department and the centre, no
  // supervision before the deadline passes; red after it.
  advance(deadline - kMinute);
  EXPECT_EQ(Case(s, dispatcher, id)["light"], "amber");
  auto early = s.Post("/api/v1/test/supervise", json::object(), admin);
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_GE(early.json["warned"].get<int>(), 1);
  EXPECT_EQ(SystemEvents(Case(s, dispatcher, id), "supervise"), 0);
  EXPECT_EQ(SystemEvents(Case(s, dispatcher, id), "warn"), 1);
  EXPECT_EQ(Kinds(s, handler, id), (std::vector<std::string>{"warning", "task"}));
  EXPECT_EQ(Kinds(s, dispatcher, id), (std::vector<std::string>{"warning", "new_case"}));
  ASSERT_EQ(s.Post("/api/v1/test/supervise", json::object(), admin).status, 200);
  EXPECT_EQ(SystemEvents(Case(s, dispatcher, id), "warn"), 1);  // once per stage

  advance(deadline + kMinute);
  EXPECT_EQ(Case(s, dispatcher, id)["light"], "red");
  auto run = s.Post("/api/v1/test/supervise", json::object(), admin);
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_GE(run.json["supervised"].get<int>(), 1);
  json supervised = Case(s, dispatcher, id);
  EXPECT_EQ(SystemEvents(supervised, "supervise"), 1);
  EXPECT_EQ(supervised["counts"]["supervisions"], 1);
  EXPECT_EQ(supervised["state"], "dispatched");  // supervision keeps the state
  EXPECT_EQ(supervised["level"], "street");
  // The department sees the notice on its case, and both have it in their inbox.
  EXPECT_EQ(SystemEvents(Case(s, handler, id), "supervise"), 1);
  EXPECT_EQ(Kinds(s, handler, id).front(), "supervised");
  EXPECT_EQ(Kinds(s, dispatcher, id).front(), "supervised");

  // Once per stage: another run adds nothing.
  ASSERT_EQ(s.Post("/api/v1/test/supervise", json::object(), admin).status, 200);
  EXPECT_EQ(SystemEvents(Case(s, dispatcher, id), "supervise"), 1);

  // A day after the deadline it goes up to the district centre, once.
  advance(deadline + 25 * kHour);
  auto later = s.Post("/api/v1/test/supervise", json::object(), admin);
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_GE(later.json["escalated"].get<int>(), 1);
  json escalated = Case(s, dispatcher, id);
  EXPECT_EQ(escalated["level"], "district");
  // The district centre learns of it; the street keeps its earlier notices.
  std::string manager = s.Login("district_manager");
  EXPECT_EQ(Kinds(s, manager, id), (std::vector<std::string>{"escalated"}));
  EXPECT_EQ(Kinds(s, handler, id).front(), "escalated");
  EXPECT_EQ(SystemEvents(escalated, "escalate"), 1);
  EXPECT_EQ(SystemEvents(escalated, "supervise"), 1);
  ASSERT_EQ(s.Post("/api/v1/test/supervise", json::object(), admin).status, 200);
  EXPECT_EQ(SystemEvents(Case(s, dispatcher, id), "escalate"), 1);

  // Claiming starts a new stage whose clock is fresh: no supervision for it yet.
  json claimed = Act(s, handler, id, "claim", json::object());
  EXPECT_EQ(claimed["light"], "green");
  ASSERT_EQ(s.Post("/api/v1/test/supervise", json::object(), admin).status, 200);
  EXPECT_EQ(SystemEvents(Case(s, dispatcher, id), "supervise"), 1);
}

// Waits until exactly one of `servers` reports itself the scheduler's leader; returns its index,
// or -1 after `seconds`.
int OneLeader(const std::vector<const TestServer*>& servers, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    int leaders = 0;
    int which = -1;
    for (size_t i = 0; i < servers.size(); ++i) {
      auto h = servers[i]->Get("/api/v1/health");
      if (h.json.is_object() && h.json["scheduler"] == "leader") {
        ++leaders;
        which = static_cast<int>(i);
      }
    }
    if (leaders == 1) return which;
    EXPECT_LE(leaders, 1) << "two schedulers lead at once";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

TEST(ApiSupervisionTest, OneSchedulerLeadsAndAnotherTakesOverWhenItStops) {
  EXPECT_EQ(Server().Get("/api/v1/health").json["scheduler"], "off");
  std::vector<std::unique_ptr<TestServer>> procs;
  for (int i = 0; i < 3; ++i)
    procs.push_back(Server().StartSibling({"--scheduler-interval-ms", "100"}));
  std::vector<const TestServer*> view = {procs[0].get(), procs[1].get(), procs[2].get()};
  int leader = OneLeader(view, 20);
  ASSERT_GE(leader, 0) << "no single leader";
  // Stable: still that one a moment later.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(OneLeader(view, 5), leader);

  // The leader stops; one of the others takes over.
  procs[static_cast<size_t>(leader)].reset();
  std::vector<const TestServer*> rest;
  for (auto& p : procs) {
    if (p) rest.push_back(p.get());
  }
  EXPECT_GE(OneLeader(rest, 20), 0) << "nobody took over";
}

}  // namespace
}  // namespace civicgrid::testing
