// Bulk exchange over the real server and CLI: finished cases imported from CSV (all rows or none,
// each bad row named), the list exported as CSV and .xlsx holding exactly the cases listed, and
// `civicgrid export` / `civicgrid import cases` doing the same from the command line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

const std::string kHeader =
    "number,category_kind,category_code,description,lng,lat,address,channel,reported_at,"
    "closed_at,satisfaction,reporter_phone\n";

std::string Row(const std::string& number,
                const std::string& closed_at = "2025-06-03T17:00:00+08:00",
                const std::string& code = "06010") {
  auto [lng, lat] = Demo::InspectorPoint();
  std::ostringstream row;
  row.precision(12);
  row << number << ",matter," << code << ",旧系统案件 " << number << "," << lng << "," << lat
      << ",华阳路 1 号,hotline,2025-06-01T09:30:00+08:00," << closed_at
      << ",satisfied,13600001111\n";
  return row.str();
}

HttpResult ImportCsv(const std::string& token, const std::string& csv) {
  return Server().Request("POST", "/api/v1/cases/import", csv, token, "text/csv");
}

// The first column of each record of a CSV export after its header (RFC 4180: quoted fields
// may hold commas, quotes and line breaks).
std::vector<std::string> CsvNumbers(const std::string& body) {
  std::vector<std::string> firsts;
  std::string field;
  bool quoted = false, first_field = true;
  for (size_t i = 0; i < body.size(); ++i) {
    const char ch = body[i];
    if (quoted) {
      if (ch == '"' && i + 1 < body.size() && body[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',' || ch == '\n') {
      if (first_field) firsts.push_back(field);
      first_field = ch == '\n';
      field.clear();
    } else if (ch != '\r') {
      field += ch;
    }
  }
  if (!firsts.empty()) firsts.erase(firsts.begin());  // the header
  return firsts;
}

int64_t ClosedCount(const std::string& token) {
  auto r = Server().Get("/api/v1/cases?state=closed&page_size=1", token);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json["total"].get<int64_t>();
}

TEST(ApiExchangeTest, ImportIsAllOrNothingWithEachBadRowNamed) {
  std::string manager = Server().Login("district_manager");
  const int64_t before = ClosedCount(manager);

  // One good row and three bad ones: nothing is written, every bad line is named.
  std::string bad = kHeader + Row("OLD-0001") + Row("OLD-0002", "2025-05-01T00:00:00+08:00") +
                    Row("OLD-0003", "2025-06-03", "99999") + Row("OLD-0001");
  auto refused = ImportCsv(manager, bad);
  ASSERT_EQ(refused.status, 422) << refused.body;
  const json& fields = refused.json["error"]["fields"];
  EXPECT_NE(fields["line 3"].get<std::string>().find("closed_at"), std::string::npos) << fields;
  EXPECT_NE(fields["line 4"].get<std::string>().find("category_code"), std::string::npos);
  EXPECT_NE(fields["line 5"].get<std::string>().find("twice"), std::string::npos);
  EXPECT_FALSE(fields.contains("line 2"));
  EXPECT_EQ(ClosedCount(manager), before) << "a refused file writes nothing";

  auto missing = ImportCsv(manager, "number,description\nX,y\n");
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(ImportCsv(Server().Login("dispatcher"), kHeader + Row("OLD-0009")).status, 403);

  auto done = ImportCsv(manager, kHeader + Row("OLD-0001") + Row("OLD-0002") + Row(""));
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json["imported"], 3);
  EXPECT_EQ(ClosedCount(manager), before + 3);
  // A number already taken refuses the whole file again.
  auto again = ImportCsv(manager, kHeader + Row("OLD-0001") + Row("OLD-0004"));
  ASSERT_EQ(again.status, 422) << again.body;
  EXPECT_NE(again.body.find("exists already"), std::string::npos);
  EXPECT_EQ(ClosedCount(manager), before + 3);

  // The imported history: reported and closed on the file's dates, rated, nothing on time.
  auto list = Server().Get("/api/v1/cases?state=closed&page_size=200", manager);
  int64_t id = 0;
  for (const auto& c : list.json["items"]) {
    if (c["number"] == "OLD-0001") id = c["id"].get<int64_t>();
  }
  ASSERT_GT(id, 0);
  auto one = Server().Get("/api/v1/cases/" + std::to_string(id), manager);
  EXPECT_EQ(one.json["channel"], "hotline");
  EXPECT_EQ(one.json["rating"]["satisfaction"], "satisfied");
  ASSERT_EQ(one.json["history"].size(), 3u) << one.json["history"];
  EXPECT_EQ(one.json["history"][0]["at"], "2025-06-01T09:30:00+08:00");
  EXPECT_EQ(one.json["history"][1]["action"], "close");
}

TEST(ApiExchangeTest, ExportsHoldTheCasesListedAndTheCliDoesTheSame) {
  std::string manager = Server().Login("district_manager");
  Demo::Report(Server().Login("resident"), "resident", "13812340000");
  std::vector<std::string> listed;  // every page of the list (other tests leave many cases open)
  for (int page = 1;; ++page) {
    auto list = Server().Get("/api/v1/cases?state=open&page_size=200&page=" + std::to_string(page),
                             manager);
    ASSERT_EQ(list.status, 200);
    for (const auto& c : list.json["items"]) listed.push_back(c["number"]);
    if (list.json["items"].size() < 200) break;
  }
  ASSERT_FALSE(listed.empty());

  auto csv = Server().Get("/api/v1/cases/export.csv?state=open", manager);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(CsvNumbers(csv.body.substr(3)), listed);
  EXPECT_NE(csv.body.find("13812340000"), std::string::npos) << "the centre sees phones";
  // Others see the phone masked, in the file as on screen.
  auto leader = Server().Get("/api/v1/cases/export.csv?state=open", Server().Login("leader"));
  ASSERT_EQ(leader.status, 200);
  EXPECT_EQ(leader.body.find("13812340000"), std::string::npos);
  EXPECT_NE(leader.body.find("138****0000"), std::string::npos);

  auto xlsx = Server().Get("/api/v1/cases/export.xlsx?state=open", manager);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.content_type.find("spreadsheetml"), std::string::npos);
  EXPECT_EQ(Server().Get("/api/v1/cases/export.csv?state=nope", manager).status, 422);
  EXPECT_EQ(Server().Get("/api/v1/cases/export.csv").status, 401);

  // The CLI: the same export as the system, and an import of another file.
  const std::string dir = Server().data_dir();
  std::string output;
  ASSERT_EQ(
      Server().RunCli({"export", "--format", "csv", "--state", "open", "--out", dir + "/open.csv"},
                      &output),
      0)
      << output;
  std::ifstream in(dir + "/open.csv", std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto numbers = CsvNumbers(file.substr(3));
  for (const auto& n : listed) {
    EXPECT_NE(std::find(numbers.begin(), numbers.end(), n), numbers.end()) << n;
  }
  {
    std::ofstream out(dir + "/old.csv");
    out << kHeader << Row("CLI-0001") << Row("CLI-0002");
  }
  ASSERT_EQ(Server().RunCli({"import", "cases", dir + "/old.csv"}, &output), 0) << output;
  EXPECT_NE(output.find("imported 2 cases"), std::string::npos) << output;
  ASSERT_NE(Server().RunCli({"import", "cases", dir + "/old.csv"}, &output), 0);
  EXPECT_NE(output.find("exists already"), std::string::npos) << output;
  std::filesystem::remove(dir + "/old.csv");
  std::filesystem::remove(dir + "/open.csv");
}

}  // namespace
}  // namespace civicgrid::testing
