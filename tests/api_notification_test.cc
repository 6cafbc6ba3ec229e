// In-app notifications over the real server: each step of the loop reaches whoever acts next,
// unread counts move as notices are read, nobody reads another's inbox, and a live stream
// (Server-Sent Events) delivers a new case's notice to the centre as it is reported.
#include <gtest/gtest.h>

#include <future>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

// The notices of `token`'s inbox about case `id`, newest first.
std::vector<json> NoticesAbout(const std::string& token, int64_t id) {
  auto r = Server().Get("/api/v1/notifications?limit=100", token);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<json> out;
  for (const auto& n : r.json["items"]) {
    if (n["case_id"] == id) out.push_back(n);
  }
  return out;
}

int64_t Unread(const std::string& token) {
  auto r = Server().Get("/api/v1/notifications/unread", token);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json["unread"].get<int64_t>();
}

json Act(const std::string& token, int64_t id, const std::string& action, const json& body) {
  auto r = Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
  EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  return r.json;
}

TEST(ApiNotificationTest, EachStepReachesWhoeverActsNextAndReadMarksCount) {
  std::string inspector = Server().Login("inspector");
  std::string dispatcher = Server().Login("dispatcher");
  std::string handler = Server().Login("department_handler");
  std::string resident = Server().Login("resident");
  ASSERT_EQ(Server().Post("/api/v1/notifications/read", {{"all", true}}, dispatcher).status, 200);
  EXPECT_EQ(Unread(dispatcher), 0);

  json created = Demo::Report(inspector, "patrol");
  int64_t id = created["id"].get<int64_t>();
  auto centre = NoticesAbout(dispatcher, id);
  ASSERT_EQ(centre.size(), 1u);
  EXPECT_EQ(centre[0]["kind"], "new_case");
  EXPECT_EQ(centre[0]["case_number"], created["number"]);
  EXPECT_EQ(centre[0]["read"], false);
  EXPECT_EQ(Unread(dispatcher), 1);
  // Not the department's yet, and never a resident's.
  EXPECT_TRUE(NoticesAbout(handler, id).empty());
  EXPECT_TRUE(NoticesAbout(resident, id).empty());

  int64_t dept = Server().Get("/api/v1/auth/me", handler).json["department_id"].get<int64_t>();
  Act(dispatcher, id, "register", json::object());
  Act(dispatcher, id, "dispatch", {{"department_id", dept}});
  auto task = NoticesAbout(handler, id);
  ASSERT_EQ(task.size(), 1u);
  EXPECT_EQ(task[0]["kind"], "task");

  // A resident cannot mark the centre's notice read: the mark is ignored.
  int64_t notice = centre[0]["id"].get<int64_t>();
  ASSERT_EQ(Server().Post("/api/v1/notifications/read", {{"ids", {notice}}}, resident).status, 200);
  EXPECT_EQ(Unread(dispatcher), 1);
  auto read = Server().Post("/api/v1/notifications/read", {{"ids", {notice}}}, dispatcher);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json["unread"], 0);
  EXPECT_EQ(NoticesAbout(dispatcher, id)[0]["read"], true);
  auto unread_only = Server().Get("/api/v1/notifications?unread=true", dispatcher);
  for (const auto& n : unread_only.json["items"]) EXPECT_NE(n["case_id"], id);

  // The rest of the loop: the inspector verifies, the centre closes.
  Act(handler, id, "claim", json::object());
  Act(handler, id, "report_handled",
      {{"note", "已清运"}, {"attachment_ids", {Demo::UploadPhoto(handler)}}});
  auto verify = NoticesAbout(inspector, id);
  ASSERT_FALSE(verify.empty());
  EXPECT_EQ(verify[0]["kind"], "to_verify");
  Act(inspector, id, "verify", {{"result", "pass"}});
  EXPECT_EQ(NoticesAbout(dispatcher, id)[0]["kind"], "to_close");

  // Bad input names the field.
  auto bad = Server().Post("/api/v1/notifications/read", json::object(), dispatcher);
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(bad.json["error"]["fields"].contains("ids")) << bad.body;
  EXPECT_EQ(Server().Get("/api/v1/notifications?limit=0", dispatcher).status, 422);
  EXPECT_EQ(Server().Get("/api/v1/notifications").status, 401);
}

TEST(ApiNotificationTest, TheStreamDeliversANewCaseToTheCentreAsItIsReported) {
  std::string dispatcher = Server().Login("dispatcher");
  std::string inspector = Server().Login("inspector");
  EXPECT_EQ(Server().Get("/api/v1/stream").status, 401);
  EXPECT_EQ(Server().Get("/api/v1/stream?access_token=nonsense").status, 401);

  auto reader = std::async(std::launch::async, [&] {
    return Server().ReadStream("/api/v1/stream?access_token=" + dispatcher, "new_case", 20);
  });
  // Report once the stream has said hello (it starts from the newest notice).
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  json created = Demo::Report(inspector, "patrol");
  std::string text = reader.get();
  EXPECT_NE(text.find("200 OK"), std::string::npos) << text;
  EXPECT_NE(text.find("text/event-stream"), std::string::npos);
  EXPECT_NE(text.find("event: hello"), std::string::npos);
  EXPECT_NE(text.find("event: cases"), std::string::npos) << text;
  EXPECT_NE(text.find("event: notification"), std::string::npos) << text;
  EXPECT_NE(text.find(created["number"].get<std::string>()), std::string::npos) << text;
}

}  // namespace
}  // namespace civicgrid::testing
