// The whole closed loop over HTTP, as the acceptance walk describes it.
#include <gtest/gtest.h>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

std::string Act(const std::string& token, int64_t id, const std::string& action,
                const nlohmann::json& body, int expected_status = 200) {
  auto r = Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
  EXPECT_EQ(r.status, expected_status) << action << ": " << r.body;
  return r.json.value("state", "");
}

TEST(ApiLoopTest, ResidentToRatingThroughEveryRole) {
  std::string resident = Server().Login("resident");
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  std::string inspector = Server().Login("inspector");

  auto created = Demo::Report(resident, "resident", "13812345678");
  ASSERT_TRUE(created.is_object());
  EXPECT_EQ(created["state"], "reported");
  EXPECT_EQ(created["grid_code"], Server().Get("/api/v1/auth/me", inspector).json["area_code"]);
  EXPECT_NE(created["suggested_department"]["name"].get<std::string>().find("绿化市容所"),
            std::string::npos)
      << created.dump();
  EXPECT_EQ(created["number"].get<std::string>().substr(0, 7), "310105-");
  int64_t id = created["id"].get<int64_t>();

  EXPECT_EQ(Act(dispatcher, id, "register", {{"note", "属实"}}), "registered");
  auto handler_me = Server().Get("/api/v1/auth/me", handler).json;
  int64_t dept = handler_me["department_id"].get<int64_t>();
  auto dispatched = Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/dispatch",
                                  {{"department_id", dept}}, dispatcher);
  ASSERT_EQ(dispatched.status, 200) << dispatched.body;
  EXPECT_EQ(dispatched.json["state"], "dispatched");
  EXPECT_EQ(dispatched.json["stage"], "claim");
  EXPECT_NE(dispatched.json["deadline"], nullptr);
  EXPECT_NE(dispatched.json["light"], "none");

  // The handler's inbox lists it.
  auto inbox = Server().Get("/api/v1/cases?state=dispatched", handler);
  ASSERT_EQ(inbox.status, 200);
  bool listed = false;
  for (const auto& item : inbox.json["items"]) listed |= item["id"] == id;
  EXPECT_TRUE(listed);

  EXPECT_EQ(Act(handler, id, "claim", nlohmann::json::object()), "in_progress");
  std::string photo = Demo::UploadPhoto(handler);
  EXPECT_EQ(Act(handler, id, "report_handled",
                {{"note", "已清运"}, {"attachment_ids", nlohmann::json::array({photo})}}),
            "handled");
  EXPECT_EQ(Act(inspector, id, "verify", {{"result", "pass"}}), "verified");
  EXPECT_EQ(Act(dispatcher, id, "close", nlohmann::json::object()), "closed");
  EXPECT_EQ(
      Act(resident, id, "rate", {{"satisfaction", "satisfied"}, {"score", 5}, {"solved", true}}),
      "closed");

  auto detail = Server().Get("/api/v1/cases/" + std::to_string(id), resident);
  ASSERT_EQ(detail.status, 200);
  std::vector<std::string> actions;
  for (const auto& e : detail.json["history"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"report", "register", "dispatch", "claim",
                                               "report_handled", "verify", "close", "rate"}));
  EXPECT_EQ(detail.json["rating"]["score"], 5);
  EXPECT_EQ(detail.json["rating"]["satisfaction"], "satisfied");
  EXPECT_EQ(detail.json["history"][4]["attachment_ids"][0], photo);
  // The photo is readable by the reporter, who can see the case.
  auto bytes = Server().Get("/api/v1/attachments/" + photo, resident);
  EXPECT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, TinyPng());
  // Rating twice is not offered.
  Act(resident, id, "rate", {{"satisfaction", "unsatisfied"}, {"solved", false}, {"reason", "x"}},
      403);
}

TEST(ApiLoopTest, ReturnExtensionSuspensionReworkAndSupervision) {
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  std::string inspector = Server().Login("inspector");
  auto created = Demo::Report(inspector, "patrol");
  int64_t id = created["id"].get<int64_t>();
  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();

  Act(dispatcher, id, "register", nlohmann::json::object());
  Act(dispatcher, id, "dispatch", {{"department_id", dept}});
  EXPECT_EQ(Act(handler, id, "return", {{"reason", "不属于本单位"}}), "registered");
  Act(dispatcher, id, "dispatch", {{"department_id", dept}});
  Act(handler, id, "claim", nlohmann::json::object());
  auto before = Server().Get("/api/v1/cases/" + std::to_string(id), dispatcher).json;
  Act(handler, id, "request_extension", {{"hours", 4}, {"reason", "需要协调物业"}});
  auto approved =
      Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/approve_extension",
                    nlohmann::json::object(), dispatcher);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_GT(approved.json["deadline_ms"].get<int64_t>(), before["deadline_ms"].get<int64_t>());
  EXPECT_EQ(approved.json["counts"]["extensions"], 1);
  EXPECT_EQ(Act(dispatcher, id, "suspend", {{"reason", "等待业委会决议"}}), "suspended");
  EXPECT_EQ(Act(dispatcher, id, "resume", nlohmann::json::object()), "in_progress");
  EXPECT_EQ(Act(dispatcher, id, "supervise", {{"note", "请加快处置"}}), "in_progress");
  std::string photo = Demo::UploadPhoto(handler);
  Act(handler, id, "report_handled",
      {{"note", "已处理"}, {"attachment_ids", nlohmann::json::array({photo})}});
  EXPECT_EQ(Act(inspector, id, "verify", {{"result", "fail"}, {"reason", "仍有垃圾"}}),
            "in_progress");
  auto after = Server().Get("/api/v1/cases/" + std::to_string(id), dispatcher).json;
  EXPECT_EQ(after["counts"]["reworks"], 1);
  EXPECT_EQ(after["counts"]["returns"], 1);
  EXPECT_EQ(after["counts"]["supervisions"], 1);
  EXPECT_EQ(after["stage"], "handle");
}

TEST(ApiLoopTest, SelfHandleMergeAndEscalate) {
  std::string dispatcher = Server().Login("dispatcher");
  std::string inspector = Server().Login("inspector");
  auto minor = Demo::Report(inspector, "patrol");
  std::string photo = Demo::UploadPhoto(inspector);
  int64_t minor_id = minor["id"].get<int64_t>();
  Act(inspector, minor_id, "self_handle", {{"note", "当场处置"}}, 422);
  EXPECT_EQ(Act(inspector, minor_id, "self_handle",
                {{"note", "当场处置"}, {"attachment_ids", nlohmann::json::array({photo})}}),
            "closed");

  auto main = Demo::Report(inspector, "patrol");
  auto dup = Demo::Report(inspector, "patrol");
  int64_t main_id = main["id"].get<int64_t>();
  int64_t dup_id = dup["id"].get<int64_t>();
  EXPECT_EQ(Act(dispatcher, dup_id, "merge", {{"into_case_id", main_id}}), "merged");
  auto main_after = Server().Get("/api/v1/cases/" + std::to_string(main_id), dispatcher).json;
  EXPECT_EQ(main_after["history"].back()["action"], "merged_in");
  Act(dispatcher, dup_id, "merge", {{"into_case_id", dup_id}}, 409);

  auto escalated = Server().Post("/api/v1/cases/" + std::to_string(main_id) + "/actions/escalate",
                                 {{"reason", "涉及多个街道"}}, dispatcher);
  ASSERT_EQ(escalated.status, 200) << escalated.body;
  EXPECT_EQ(escalated.json["level"], "district");
  // The street centre no longer owns it; the district centre does.
  Act(dispatcher, main_id, "register", nlohmann::json::object(), 403);
  std::string district = Server().Login("district_manager");
  EXPECT_EQ(Act(district, main_id, "register", nlohmann::json::object()), "registered");
}

}  // namespace
}  // namespace civicgrid::testing
