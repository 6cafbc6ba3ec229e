// Personal data (PIPL): a person's export of their own data (and an administrator's, recorded in
// the audit log), and the anonymisation of a resident who leaves: the account and the phones on
// their cases are gone, the cases and every count stay.
#include <gtest/gtest.h>

#include <random>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

struct Resident {
  int64_t id = 0;
  std::string username;
  std::string token;
};

Resident NewResident() {
  static std::mt19937 random(std::random_device{}());
  Resident r;
  r.username = "leaving" + std::to_string(random() % 1'000'000'000);
  auto created = Server().Post("/api/v1/users",
                               {{"username", r.username},
                                {"password", "password-leaving"},
                                {"display_name", "将离开的居民"},
                                {"phone", "13700001111"},
                                {"role", "resident"},
                                {"area_code", "310105000000"}},
                               Server().Login("admin"));
  EXPECT_EQ(created.status, 201) << created.body;
  r.id = created.json.value("id", int64_t{0});
  r.token = Server().LoginAs(r.username, "password-leaving");
  return r;
}

int64_t CountAll(const std::string& token) {
  auto stats = Server().Get("/api/v1/cases/stats?by=state", token);
  EXPECT_EQ(stats.status, 200) << stats.body;
  int64_t total = 0;
  for (const auto& item : stats.json["items"]) total += item["count"].get<int64_t>();
  return total;
}

TEST(ApiPrivacyTest, APersonExportsTheirOwnDataAndOnlyAnAdministratorExportsAnothers) {
  Resident me = NewResident();
  const int64_t id = Demo::Report(me.token, "resident", "13700001111")["id"].get<int64_t>();
  const std::string path = "/api/v1/users/" + std::to_string(me.id) + "/personal-data";
  auto mine = Server().Get(path, me.token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json["account"]["phone"], "13700001111");
  ASSERT_EQ(mine.json["reported_cases"].size(), 1U);
  EXPECT_EQ(mine.json["reported_cases"][0]["id"], id);
  EXPECT_EQ(mine.json["reported_cases"][0]["reporter_phone"], "13700001111");

  EXPECT_EQ(Server().Get(path, NewResident().token).status, 403);
  EXPECT_EQ(Server().Get(path, Server().Login("dispatcher")).status, 403);
  EXPECT_EQ(Server().Get(path, "").status, 401);
  auto by_admin = Server().Get(path, Server().Login("admin"));
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  std::string listed;
  ASSERT_EQ(Server().RunCli({"audit", "list", "case:" + std::to_string(id)}, &listed), 0);
  EXPECT_NE(listed.find("reporter_phone via personal data export by admin"), std::string::npos)
      << listed;
}

TEST(ApiPrivacyTest, AnonymisingALeavingResidentKeepsCasesAndCounts) {
  Resident leaving = NewResident();
  const int64_t id = Demo::Report(leaving.token, "resident", "13700001111")["id"].get<int64_t>();
  const std::string manager = Server().Login("district_manager");
  const int64_t before = CountAll(manager);
  const std::string admin = Server().Login("admin");
  const std::string path = "/api/v1/users/" + std::to_string(leaving.id) + "/anonymise";

  EXPECT_EQ(Server().Post(path, nlohmann::json::object(), leaving.token).status, 403);
  auto staff = Server().Get("/api/v1/auth/me", Server().Login("inspector")).json["id"];
  EXPECT_EQ(Server()
                .Post("/api/v1/users/" + std::to_string(staff.get<int64_t>()) + "/anonymise",
                      nlohmann::json::object(), admin)
                .status,
            422);

  auto done = Server().Post(path, nlohmann::json::object(), admin);
  ASSERT_EQ(done.status, 200) << done.body;
  // Gone for good: an anonymised account is not enabled again.
  EXPECT_EQ(Server()
                .Post("/api/v1/users/" + std::to_string(leaving.id) + "/enable",
                      nlohmann::json::object(), admin)
                .status,
            422);
  EXPECT_EQ(done.json["username"], "anon-" + std::to_string(leaving.id));
  EXPECT_EQ(done.json["display_name"], "");
  EXPECT_EQ(done.json["active"], false);

  EXPECT_EQ(Server().Get("/api/v1/auth/me", leaving.token).status, 401);
  EXPECT_EQ(Server()
                .Post("/api/v1/auth/login",
                      {{"username", leaving.username}, {"password", "password-leaving"}})
                .status,
            401);
  auto c = Server().Get("/api/v1/cases/" + std::to_string(id), Server().Login("dispatcher"));
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.json["reporter_phone"], "");
  EXPECT_EQ(c.json["description"], "楼下有暴露垃圾");
  EXPECT_EQ(c.json["history"][0]["actor"]["username"], "anon-" + std::to_string(leaving.id));
  EXPECT_EQ(c.body.find(leaving.username), std::string::npos) << c.body;
  std::string listed;
  ASSERT_EQ(Server().RunCli({"audit", "list", "case:" + std::to_string(id)}, &listed), 0);
  EXPECT_EQ(listed.find(leaving.username), std::string::npos) << listed;
  EXPECT_EQ(CountAll(manager), before);  // the statistics are intact
  auto record =
      Server().Get("/api/v1/users/" + std::to_string(leaving.id) + "/personal-data", admin);
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(record.json["account"]["phone"], "");
  EXPECT_EQ(record.json["reported_cases"][0]["reporter_phone"], "");
}

}  // namespace
}  // namespace civicgrid::testing
