// The audit log is tamper-evident: a dispatcher's read of a reporter's phone and every case event
// are in it; editing or deleting an entry directly in the database (triggers dropped, as an
// intruder with the database's password would) is found by `civicgrid audit verify`, which names
// the entry; with the triggers in place the database itself refuses the change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

bool OnPostgres() {
  const char* backend = std::getenv("CIVICGRID_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgres";
}

// Runs SQL directly against the test server's database (sqlite3 or psql); returns the exit status
// and the output.
int Sql(const std::string& sql, std::string* out = nullptr) {
  const std::string file = Server().data_dir() + "/audit-test.sql";
  std::ofstream(file) << sql << "\n";
  const std::string result = Server().data_dir() + "/audit-test.out";
  std::string cmd;
  if (OnPostgres()) {
    cmd = std::string("psql '") + std::getenv("CIVICGRID_TEST_PG_URL") +
          "' -qAt -v ON_ERROR_STOP=1 -f '" + file + "'";
  } else {
    cmd = "sqlite3 -cmd '.timeout 10000' -bail '" + Server().data_dir() + "/civicgrid.db' < '" +
          file + "'";
  }
  const int rc = std::system((cmd + " > '" + result + "' 2>&1").c_str());
  if (out != nullptr) {
    std::stringstream text;
    text << std::ifstream(result).rdbuf();
    *out = text.str();
  }
  return rc;
}

const char* kDropTriggers = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";
const char* kCreateTriggers =
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, "
    "'audit_log is append-only'); END; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON "
    "audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;";

// Runs `sql` as an intruder: with the append-only triggers out of the way.
void Tamper(const std::string& sql) {
  std::string out;
  if (OnPostgres()) {
    ASSERT_EQ(Sql("ALTER TABLE audit_log DISABLE TRIGGER USER; " + sql +
                      " ALTER TABLE audit_log ENABLE TRIGGER USER;",
                  &out),
              0)
        << out;
  } else {
    ASSERT_EQ(Sql(std::string("BEGIN; ") + kDropTriggers + sql + kCreateTriggers + "COMMIT;", &out),
              0)
        << out;
  }
}

std::string Verify(int* rc) {
  std::string out;
  *rc = Server().RunCli({"audit", "verify"}, &out);
  return out;
}

TEST(ApiAuditTest, PersonalDataReadsAndEventsAreChainedAndTamperingIsNamed) {
  std::string inspector = Server().Login("inspector");
  std::string dispatcher = Server().Login("dispatcher");
  const int64_t id = Demo::Report(inspector, "patrol", "13912345678")["id"].get<int64_t>();
  ASSERT_EQ(Server()
                .Post("/api/v1/cases/" + std::to_string(id) + "/actions/register",
                      nlohmann::json::object(), dispatcher)
                .status,
            200);
  auto read = Server().Get("/api/v1/cases/" + std::to_string(id), dispatcher);
  ASSERT_EQ(read.json["reporter_phone"], "13912345678");  // the centre sees it, and is recorded
  auto own = Server().Get("/api/v1/cases/" + std::to_string(id), inspector);
  ASSERT_EQ(own.json["reporter_phone"], "13912345678");  // the reporter's own: not recorded

  std::string listed;
  ASSERT_EQ(Server().RunCli({"audit", "list", "case:" + std::to_string(id)}, &listed), 0);
  std::istringstream lines(listed);
  std::string line;
  std::vector<std::pair<int64_t, std::string>> entries;  // seq, kind
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string seq;
    std::string at;
    std::string kind;
    if (std::getline(fields, seq, '\t') && std::getline(fields, at, '\t') &&
        std::getline(fields, kind, '\t')) {
      entries.emplace_back(std::stoll(seq), kind);
    }
  }
  // The report, the registration, the phone in the registration's answer, the detail read.
  ASSERT_EQ(entries.size(), 4U) << listed;
  EXPECT_EQ(entries[0].second, "case_event");
  EXPECT_EQ(entries[1].second, "case_event");
  EXPECT_EQ(entries[2].second, "personal_data_read");
  EXPECT_EQ(entries[3].second, "personal_data_read");
  EXPECT_NE(listed.find("reporter_phone via action by dispatcher"), std::string::npos) << listed;
  EXPECT_NE(listed.find("reporter_phone via detail by dispatcher"), std::string::npos) << listed;
  // Free text stays out of the chain (it must remain erasable): not even the description.
  // (Names likewise: ApiPrivacyTest checks an anonymised reporter's.)
  EXPECT_EQ(listed.find("暴露垃圾"), std::string::npos) << listed;

  int rc = 0;
  std::string out = Verify(&rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos);

  // The database refuses edits while the triggers stand.
  const std::string seq = std::to_string(entries[1].first);
  std::string refused;
  EXPECT_NE(Sql("UPDATE audit_log SET detail = 'close' WHERE seq = " + seq + ";", &refused), 0);
  EXPECT_NE(refused.find("append-only"), std::string::npos) << refused;
  EXPECT_NE(Sql("DELETE FROM audit_log WHERE seq = " + seq + ";", &refused), 0);

  // An edit is named.
  Tamper("UPDATE audit_log SET detail = detail || ' (edited)' WHERE seq = " + seq + ";");
  out = Verify(&rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("BROKEN at entry " + seq + ":"), std::string::npos) << out;
  Tamper("UPDATE audit_log SET detail = replace(detail, ' (edited)', '') WHERE seq = " + seq + ";");
  out = Verify(&rc);
  ASSERT_EQ(rc, 0) << out;

  // So is a deletion: the entry is missing from the chain.
  Tamper("CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE seq = " + seq +
         "; DELETE FROM audit_log WHERE seq = " + seq + ";");
  out = Verify(&rc);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("BROKEN at entry " + seq + ":"), std::string::npos) << out;
  EXPECT_NE(out.find("missing"), std::string::npos) << out;
  Tamper("INSERT INTO audit_log SELECT * FROM audit_saved; DROP TABLE audit_saved;");
  out = Verify(&rc);
  EXPECT_EQ(rc, 0) << out;
}

}  // namespace
}  // namespace civicgrid::testing
