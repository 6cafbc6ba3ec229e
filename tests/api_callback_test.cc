// The callback (回访) after closure: the reporter is asked in the inbox, answers 满意 / 基本满意 /
// 不满意; the first 不满意 reopens the case for rework by its department, with the reason; a
// second one is recorded only. Hotline callers answer on the phone: the centre records it.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

HttpResult Act(const std::string& token, int64_t id, const std::string& action, const json& body) {
  return Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
}

// Runs a dispatched-to-closed loop on case `id` (registered already or reopened into rework).
void HandleAndClose(int64_t id, bool claim) {
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  std::string inspector = Server().Login("inspector");
  if (claim) {
    ASSERT_EQ(Act(handler, id, "claim", json::object()).status, 200);
  }
  ASSERT_EQ(Act(handler, id, "report_handled",
                {{"note", "已处理"}, {"attachment_ids", {Demo::UploadPhoto(handler)}}})
                .status,
            200);
  ASSERT_EQ(Act(inspector, id, "verify", {{"result", "pass"}}).status, 200);
  auto closed = Act(dispatcher, id, "close", json::object());
  ASSERT_EQ(closed.status, 200) << closed.body;
}

bool Has(const std::string& token, int64_t id, const std::string& kind) {
  auto r = Server().Get("/api/v1/notifications?limit=100", token);
  for (const auto& n : r.json["items"]) {
    if (n["case_id"] == id && n["kind"] == kind) return true;
  }
  return false;
}

TEST(ApiCallbackTest, UnsatisfiedReopensForReworkOnceThenIsRecorded) {
  std::string resident = Server().Login("resident");
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  int64_t id = Demo::Report(resident, "resident")["id"].get<int64_t>();
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();
  ASSERT_EQ(Act(dispatcher, id, "register", json::object()).status, 200);
  ASSERT_EQ(Act(dispatcher, id, "dispatch", {{"department_id", dept}}).status, 200);
  HandleAndClose(id, true);
  EXPECT_TRUE(Has(resident, id, "callback"));

  // Every bad field is named; nothing changes.
  auto bad = Act(resident, id, "rate", {{"satisfaction", "meh"}, {"score", 9}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  for (const char* field : {"satisfaction", "solved", "score"}) {
    EXPECT_TRUE(bad.json["error"]["fields"].contains(field)) << field << " " << bad.body;
  }
  auto no_reason = Act(resident, id, "rate", {{"satisfaction", "unsatisfied"}, {"solved", false}});
  ASSERT_EQ(no_reason.status, 422);
  EXPECT_TRUE(no_reason.json["error"]["fields"].contains("reason"));
  // Only the reporter answers a resident's report.
  EXPECT_EQ(Act(dispatcher, id, "rate", {{"satisfaction", "satisfied"}, {"solved", true}}).status,
            403);

  auto reopened =
      Act(resident, id, "rate",
          {{"satisfaction", "unsatisfied"}, {"solved", false}, {"reason", "垃圾又堆起来了"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json["state"], "in_progress");
  EXPECT_EQ(reopened.json["stage"], "handle");
  EXPECT_EQ(reopened.json["reopened"], true);
  EXPECT_EQ(reopened.json["rating"], nullptr);  // asked again after the rework
  EXPECT_EQ(reopened.json["counts"]["reworks"], 1);
  EXPECT_EQ(reopened.json["closed_at"], nullptr);
  const json& last = reopened.json["history"].back();
  EXPECT_EQ(last["action"], "rate");
  EXPECT_EQ(last["note"], "垃圾又堆起来了");
  EXPECT_EQ(last["details"]["satisfaction"], "unsatisfied");
  EXPECT_EQ(last["details"]["reopened"], "true");
  EXPECT_TRUE(Has(handler, id, "rework"));
  EXPECT_TRUE(Has(dispatcher, id, "reopened"));

  // Reworked and closed again: a second 不满意 is recorded, the case stays closed.
  HandleAndClose(id, false);
  auto second = Act(resident, id, "rate",
                    {{"satisfaction", "unsatisfied"}, {"solved", false}, {"reason", "还是不行"}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json["state"], "closed");
  EXPECT_EQ(second.json["rating"]["satisfaction"], "unsatisfied");
  EXPECT_EQ(second.json["allowed_actions"], json::array());
  EXPECT_EQ(Act(resident, id, "rate", {{"satisfaction", "satisfied"}, {"solved", true}}).status,
            403);
}

TEST(ApiCallbackTest, TheCentreRecordsAHotlineCallersAnswer) {
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  int64_t id = Demo::Report(dispatcher, "hotline", "13800001111")["id"].get<int64_t>();
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();
  ASSERT_EQ(Act(dispatcher, id, "register", json::object()).status, 200);
  ASSERT_EQ(Act(dispatcher, id, "dispatch", {{"department_id", dept}}).status, 200);
  HandleAndClose(id, true);
  auto rated = Act(dispatcher, id, "rate",
                   {{"satisfaction", "basically_satisfied"}, {"solved", true}, {"score", 4}});
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(rated.json["rating"]["satisfaction"], "basically_satisfied");
  EXPECT_EQ(rated.json["rating"]["score"], 4);
  EXPECT_EQ(rated.json["state"], "closed");
}

}  // namespace
}  // namespace civicgrid::testing
