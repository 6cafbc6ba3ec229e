// The authorization matrix over HTTP: tests/authz_matrix.tsv lists every route × role × scope
// with the expected outcome; this test prepares what each scope needs through the API (cases in
// the caller's area and in another street, records of the caller and of someone else), fills the
// row's path and body, sends the request as the row's role and checks the answer. A failing row
// is reported with its line number; a route the matrix does not list fails the test too.
// Destructive rows act on throwaway fixtures (sessions, users, keys, webhooks, cases), so the
// shared server stays usable for the other tests of the binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "api_env.h"
#include "support/openapi_routes.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

constexpr const char* kDistrict = "310105000000";
constexpr const char* kOwnStreet = "310105001000";    // the demo centre's street (demo.cc)
constexpr const char* kOtherStreet = "310105002000";  // another street of the district
constexpr double kProbeOffsetLng = 0.0002;            // ~19 m: probes stand apart from the rest

const std::vector<std::string>& DemoRoles() {
  static const std::vector<std::string> roles = {
      "admin",     "district_manager", "dispatcher", "department_handler", "community_worker",
      "inspector", "leader",           "resident"};
  return roles;
}

const std::set<std::string>& AllCallers() {
  static const std::set<std::string> callers = [] {
    std::set<std::string> s(DemoRoles().begin(), DemoRoles().end());
    s.insert("anonymous");
    return s;
  }();
  return callers;
}

// The project root: tests/.. of this file, or the working directory (ctest runs in the root).
std::filesystem::path Root() {
  std::filesystem::path here = std::filesystem::path(__FILE__).parent_path().parent_path();
  if (std::filesystem::exists(here / "tests" / "authz_matrix.tsv")) return here;
  return std::filesystem::current_path();
}

struct Row {
  int line = 0;
  std::string method, path, role, scope, expect, body;
  std::string Describe() const {
    return "authz_matrix.tsv:" + std::to_string(line) + ": " + method + " " + path + " as " + role +
           " (" + scope + ")";
  }
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, '\t')) out.push_back(cell);
  return out;
}

std::vector<Row> ReadMatrix(std::vector<std::string>* errors) {
  std::ifstream in(Root() / "tests" / "authz_matrix.tsv");
  if (!in) {
    errors->push_back("cannot read tests/authz_matrix.tsv");
    return {};
  }
  static const std::set<std::string> kScopes = {"own_area",     "other_area", "own_record",
                                                "other_record", "-",          "test_mode"};
  static const std::regex kExpect(
      "[1-5][0-9][0-9]|allow|deny|hidden|unauth|public|masked|unmasked|excluded|ignored");
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto cells = SplitTabs(line);
    const std::string where = "authz_matrix.tsv:" + std::to_string(n) + ": ";
    if (cells.size() < 5 || cells.size() > 6) {
      errors->push_back(where + "expected 5 or 6 tab-separated columns");
      continue;
    }
    Row r{n, cells[0], cells[1], cells[2], cells[3], cells[4], cells.size() > 5 ? cells[5] : ""};
    if (!AllCallers().count(r.role) && r.role != "hotline_key" && r.role != "open311_key") {
      errors->push_back(where + "unknown role " + r.role);
    } else if (!kScopes.count(r.scope)) {
      errors->push_back(where + "unknown scope " + r.scope);
    } else if (!std::regex_match(r.expect, kExpect)) {
      errors->push_back(where + "unknown outcome " + r.expect);
    } else {
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

// --- Routes: docs/openapi.yaml (which api_openapi_test keeps equal to App::Routes()) and the
// test-only routes of src/api/test_routes.cc, which only a --test-clock server registers.

std::set<std::pair<std::string, std::string>> ServedRoutes() {
  auto out = DocumentedRoutes((Root() / "docs" / "openapi.yaml").string());
  std::ifstream test_routes(Root() / "src" / "api" / "test_routes.cc");
  std::string text((std::istreambuf_iterator<char>(test_routes)), std::istreambuf_iterator<char>());
  const std::regex add(R"re(router\.Add\("([A-Z]+)",\s*"([^"]+)")re");
  for (std::sregex_iterator it(text.begin(), text.end(), add), end; it != end; ++it) {
    out.insert({(*it)[1], NormalRoutePath((*it)[2])});
  }
  return out;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream in(path);
  std::string s;
  while (std::getline(in, s, '/')) out.push_back(s);
  return out;
}

std::string WithoutQuery(const std::string& path) { return path.substr(0, path.find('?')); }

// The route a row's path names: every literal segment equal, "{}" standing for any one; the
// route with the most literal segments wins (/cases/export.csv over /cases/{id}).
std::optional<std::pair<std::string, std::string>> RouteOf(
    const Row& row, const std::set<std::pair<std::string, std::string>>& routes) {
  auto want = Segments(WithoutQuery(row.path));
  std::optional<std::pair<std::string, std::string>> best;
  int best_literals = -1;
  for (const auto& route : routes) {
    if (route.first != row.method) continue;
    auto have = Segments(route.second);
    if (have.size() != want.size()) continue;
    int literals = 0;
    bool match = true;
    for (size_t i = 0; i < have.size() && match; ++i) {
      if (have[i] == "{}") continue;
      match = have[i] == want[i];
      ++literals;
    }
    if (match && literals > best_literals) {
      best = route;
      best_literals = literals;
    }
  }
  return best;
}

// --- Fixtures.

struct Point {
  double lng = 0, lat = 0;
};

struct Probe {
  int64_t id = 0;
  std::string number;
  std::string phone;
  std::string photo;
};

// Where a case fixture stands and who moves it along the loop.
struct Recipe {
  std::string key;
  std::string reporter;  // token
  std::string channel;
  Point at;
  int64_t department = 0;
  std::string handler;    // token of the department's handler
  std::string inspector;  // token of an inspector of the grid
};

class World {
 public:
  World() {
    for (const auto& role : DemoRoles()) {
      tokens_[role] = Server().Login(role);
      me_[role] = Server().Get("/api/v1/auth/me", tokens_[role]).json;
    }
    auto [lng, lat] = Demo::InspectorPoint();
    own_point_ = {lng, lat};
    auto grids = Server().Get(std::string("/api/v1/areas/") + kOtherStreet + "/grids", T("admin"));
    EXPECT_EQ(grids.status, 200) << grids.body;
    const json& grid = grids.json["items"][0];
    other_grid_ = grid["code"].get<std::string>();
    other_point_ = {grid["center"]["lng"].get<double>(), grid["center"]["lat"].get<double>()};
    handler_department_ = me_["department_handler"]["department_id"].get<int64_t>();
    auto depts = Server().Get("/api/v1/departments", T("admin"));
    for (const auto& d : depts.json["items"]) {
      const auto& areas = d["area_codes"];
      auto serves = [&](const char* code) {
        return std::find(areas.begin(), areas.end(), json(code)) != areas.end();
      };
      if (d["kind"] == "enforcement" && serves(kOtherStreet)) other_department_ = d["id"];
      if (d["kind"] == "police" && serves(kOwnStreet)) police_department_ = d["id"];
    }
    EXPECT_GT(other_department_, 0);
    EXPECT_GT(police_department_, 0);

    // The resident rows act as a resident of the demo district made for this test: its reports
    // count against its own hourly limit, not against the demo resident's that other tests use.
    Account resident = CreateUser("resident", kDistrict, std::nullopt);
    tokens_["resident"] = resident.token;
    me_["resident"] = Server().Get("/api/v1/auth/me", resident.token).json;
    resident_ = resident;
    other_dispatcher_ = CreateUser("dispatcher", kOtherStreet, std::nullopt);
    other_handler_ = CreateUser("department_handler", kOtherStreet, other_department_);
    other_inspector_ = CreateUser("inspector", other_grid_, std::nullopt);
    other_resident_ = CreateUser("resident", kDistrict, std::nullopt);
    police_handler_ = CreateUser("department_handler", kOwnStreet, police_department_);

    hotline_key_ = IssueKey("hotline");
    open311_key_ = IssueKey("open311");
    webhook_ = CreateWebhook();

    // The probes: anonymous reports with a phone and a photo, dispatched. The own probe is made
    // last of those at the demo grid, so that it is the newest there.
    const Point own_probe{own_point_.lng + kProbeOffsetLng, own_point_.lat};
    const Point other_probe{other_point_.lng + kProbeOffsetLng, other_point_.lat};
    probes_["other_area"] =
        MakeProbe(T("district_manager"), "hotline", other_probe, other_department_, "13912340002");
    probes_["res"] =
        MakeProbe(T("resident"), "resident", own_point_, handler_department_, "13912340003");
    probes_["res2"] = MakeProbe(other_resident_.token, "resident", own_point_, handler_department_,
                                "13912340004");
    probes_["police"] =
        MakeProbe(T("district_manager"), "hotline", own_point_, police_department_, "13912340005");
    probes_["own_area"] =
        MakeProbe(T("district_manager"), "hotline", own_probe, handler_department_, "13912340001");
    auto located = Server().Get("/api/v1/cases/" + std::to_string(probes_["own_area"].id),
                                T("district_manager"));
    EXPECT_EQ(located.json["grid_code"], me_["inspector"]["area_code"])
        << "the own probe must lie in the inspector's grid";
    probe_points_["own_area"] = own_probe;
    probe_points_["other_area"] = other_probe;

    loose_photo_ = Upload(other_resident_.token);  // on no case
    auto submitted =
        Server().Request("POST", "/open311/v2/requests.json", Open311Form(open311_key_), "",
                         "application/x-www-form-urlencoded");
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    if (submitted.json.is_array() && !submitted.json.empty()) {
      open311_token_ = submitted.json[0].value("token", "");
    }
  }

  ~World() {
    // No throwaway webhook keeps a subscription.
    for (int64_t id : webhooks_) {
      Server().Post("/api/v1/admin/webhooks/" + std::to_string(id) + "/deactivate", json::object(),
                    T("admin"));
    }
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  std::string T(const std::string& role) const {
    auto it = tokens_.find(role);
    return it == tokens_.end() ? "" : it->second;
  }

  // --- The row's request.

  struct Request {
    const TestServer* server = &Server();
    std::string method, target, body, token, content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    bool stream = false;
  };

  // Fills the row's placeholders and body; an empty optional (with *why) when it cannot.
  std::optional<Request> Prepare(const Row& row, std::string* why) {
    why_ = why;
    row_ = &row;
    current_fixture_.reset();
    foreign_notification_.reset();
    Request q;
    q.method = row.method;
    if (DemoRolesSet().count(row.role)) q.token = T(row.role);
    if (row.scope == "test_mode") q.server = &TestModeServer();
    const std::string route = WithoutQuery(row.path);
    if (route == "/api/v1/auth/logout" && !q.token.empty()) {
      q.token = row.role == "resident" ? Server().LoginAs(resident_.username, resident_.password)
                                       : Server().Login(row.role);
    }
    auto target = Fill(row.path);
    if (!target) return std::nullopt;
    q.target = *target;
    if (route == "/api/v1/stream") {
      q.stream = true;
      if (!q.token.empty()) q.target += "?access_token=" + q.token;
      return q;
    }
    if (row.method == "GET") return q;
    if (!row.body.empty()) {
      auto body = Fill(row.body);
      if (!body) return std::nullopt;
      q.body = *body;
      return q;
    }
    auto body = DefaultBody(row, route, &q);
    if (!body) return std::nullopt;
    q.body = *body;
    return q;
  }

  HttpResult Send(const Request& q) const {
    if (!q.stream) {
      return q.server->Request(q.method, q.target, q.body, q.token, q.content_type, q.headers);
    }
    HttpResult r;
    std::string text = q.server->ReadStream(q.target, "\r\n\r\n", 5);
    std::smatch m;
    if (std::regex_search(text, m, std::regex(R"(^HTTP/1\.1 (\d{3}))"))) {
      r.status = std::stoi(m[1]);
    }
    r.body = text;
    return r;
  }

  // The outcome checks beyond the status.
  void Check(const Row& row, const Request& q, const HttpResult& r) {
    const std::string where = row.Describe() + " [" + q.method + " " + q.target + "]";
    auto status_in = [&](int lo, int hi) { return r.status >= lo && r.status <= hi; };
    const std::string& e = row.expect;
    std::string shown = r.body.substr(0, 300);
    for (auto& ch : shown) {
      if (ch == '\0' || ch == '\r') ch = '.';
    }
    const std::string got = " — got " + std::to_string(r.status) + ": " + shown;
    if (std::isdigit(static_cast<unsigned char>(e[0]))) {
      EXPECT_EQ(r.status, std::stoi(e)) << where << ": expected " << e << got;
    } else if (e == "allow") {
      EXPECT_TRUE(status_in(200, 299)) << where << ": expected 2xx" << got;
    } else if (e == "deny") {
      EXPECT_EQ(r.status, 403) << where << ": expected 403" << got;
    } else if (e == "hidden") {
      EXPECT_EQ(r.status, 404) << where << ": expected 404" << got;
    } else if (e == "unauth") {
      EXPECT_EQ(r.status, 401) << where << ": expected 401" << got;
    } else if (e == "public") {
      EXPECT_TRUE(r.status > 0 && r.status != 401 && r.status != 403)
          << where << ": expected no credentials to be needed" << got;
    } else if (e == "masked" || e == "unmasked" || e == "excluded") {
      const Probe* p = ProbeFor(row);
      if (!p) {
        ADD_FAILURE() << where << ": scope " << row.scope << " has no probe case for " << row.role;
        return;
      }
      const bool listed = Mentions(r.body, p->number);
      if (e == "excluded") {
        EXPECT_TRUE(r.status == 403 || (r.status == 200 && !listed))
            << where << ": expected case " << p->number << " to be left out (200 without it, or "
            << "403)" << got;
        return;
      }
      if (r.status != 200 || !listed) {
        ADD_FAILURE() << where << ": expected 200 listing case " << p->number << got;
        return;
      }
      const json* c = FindCase(r.json, p->id);
      if (e == "masked") {
        EXPECT_EQ(r.body.find(p->phone), std::string::npos)
            << where << ": the reporter's phone " << p->phone << " is shown in full" << got;
        if (c) {
          EXPECT_EQ(c->value("reporter_id", int64_t{-1}), 0)
              << where << ": an anonymous reporter is named: " << c->dump().substr(0, 300);
          if (c->contains("history")) {
            for (const auto& ev : (*c)["history"]) {
              if (ev["action"] == "report") {
                EXPECT_EQ(ev["actor"]["id"], 0) << where << ": the report event names the reporter";
              }
            }
          }
        }
      } else {
        EXPECT_NE(r.body.find(p->phone), std::string::npos)
            << where << ": expected the phone " << p->phone << " in full" << got;
        if (c) {
          EXPECT_NE(c->value("reporter_id", int64_t{0}), 0) << where << ": reporter hidden";
        }
      }
    } else if (e == "ignored") {
      EXPECT_EQ(r.status, 200) << where << ": expected 200" << got;
      if (foreign_notification_) {
        auto [owner, id] = *foreign_notification_;
        auto inbox = Server().Get("/api/v1/notifications?unread=true&limit=100", owner);
        bool still_unread = false;
        for (const auto& n : inbox.json["items"]) still_unread |= n["id"] == id;
        EXPECT_TRUE(still_unread) << where << ": notification " << id
                                  << " of another user was marked read for its owner";
      }
    }
    // A step that went through changed its case: the next row gets a fresh one.
    if (status_in(200, 299) && current_fixture_) cases_.erase(*current_fixture_);
    // Webhooks a row created are deactivated at the end like the fixtures' own.
    if (r.status == 201 && WithoutQuery(row.path) == "/api/v1/admin/webhooks") {
      webhooks_.push_back(r.json.value("id", int64_t{0}));
    }
  }

 private:
  struct Account {
    int64_t id = 0;
    std::string username, password, token;
  };

  static const std::set<std::string>& DemoRolesSet() {
    static const std::set<std::string> s(DemoRoles().begin(), DemoRoles().end());
    return s;
  }

  std::string Unique() {
    return std::to_string(getpid()) + "_" + std::to_string(++counter_) + "_" +
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
  }

  Account CreateUser(const std::string& role, const std::string& area,
                     std::optional<int64_t> department) {
    Account a;
    a.username = "authz_" + role + "_" + Unique();
    a.password = "pw-" + a.username;
    json body = {
        {"username", a.username}, {"password", a.password}, {"role", role}, {"area_code", area}};
    if (department) body["department_id"] = *department;
    auto r = Server().Post("/api/v1/users", body, T("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    a.id = r.json.value("id", int64_t{0});
    a.token = Server().LoginAs(a.username, a.password);
    return a;
  }

  std::string IssueKey(const std::string& purpose, json* record = nullptr) {
    auto r = Server().Post("/api/v1/admin/api-keys",
                           {{"name", "authz matrix " + purpose},
                            {"purpose", purpose},
                            {"district_code", kDistrict},
                            {"per_minute", 6000}},
                           T("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    if (record) *record = r.json;
    return r.json.value("api_key", "");
  }

  json WebhookBody() const {
    return {{"url", "http://127.0.0.1:9/authz-matrix"},
            {"events", json::array({"case.overdue"})},
            {"district_code", kDistrict}};
  }

  int64_t CreateWebhook() {
    auto r = Server().Post("/api/v1/admin/webhooks", WebhookBody(), T("admin"));
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.json.value("id", int64_t{0});
    webhooks_.push_back(id);
    return id;
  }

  std::string Upload(const std::string& token) {
    // Photos are stored by content: bytes after the PNG's end make each fixture its own photo.
    auto r = Server().Request("POST", "/api/v1/attachments", TinyPng() + "authz-" + Unique(), token,
                              "image/png");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.value("id", "");
  }

  std::string PhotoOf(const std::string& token) {
    if (token.empty()) return "none";
    auto it = photos_.find(token);
    if (it != photos_.end()) return it->second;
    return photos_[token] = Upload(token);
  }

  json ReportBody(const std::string& channel, Point at) const {
    return {{"category_code", "06010"},
            {"description", "授权矩阵：楼下有暴露垃圾"},
            {"lng", at.lng},
            {"lat", at.lat},
            {"channel", channel},
            {"address", "华阳路 100 号"}};
  }

  bool Step(int64_t id, const std::string& action, const json& body, const std::string& token) {
    auto r =
        Server().Post("/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body, token);
    if (r.status != 200) {
      Fail("fixture step " + action + " on case " + std::to_string(id) + " answered " +
           std::to_string(r.status) + ": " + r.body.substr(0, 300));
      return false;
    }
    return true;
  }

  Probe MakeProbe(const std::string& reporter, const std::string& channel, Point at,
                  int64_t department, const std::string& phone) {
    Probe p;
    p.phone = phone;
    p.photo = Upload(reporter);
    json body = ReportBody(channel, at);
    body["reporter_phone"] = phone;
    body["anonymous"] = true;
    body["attachment_ids"] = json::array({p.photo});
    auto r = Server().Post("/api/v1/cases", body, reporter);
    EXPECT_EQ(r.status, 201) << r.body;
    p.id = r.json.value("id", int64_t{0});
    p.number = r.json.value("number", "");
    const std::string dm = T("district_manager");
    EXPECT_TRUE(Step(p.id, "register", json::object(), dm));
    EXPECT_TRUE(Step(p.id, "dispatch", {{"department_id", department}}, dm));
    return p;
  }

  std::string Open311Form(const std::string& api_key) const {
    auto [lng, lat] = own_point_;
    std::string form = "jurisdiction_id=" + std::string(kDistrict) +
                       "&service_code=matter-06010&lat=" + std::to_string(lat) +
                       "&long=" + std::to_string(lng) + "&description=authz-matrix";
    if (!api_key.empty()) form += "&api_key=" + api_key;
    return form;
  }

  const TestServer& TestModeServer() {
    if (!test_mode_) {
      test_mode_ = Server().StartSibling({"--test-clock", "--scheduler-interval-ms", "0"});
    }
    return *test_mode_;
  }

  // A fixture that could not be made: the row's reason, or a failure while setting up.
  void Fail(const std::string& why) {
    if (!why_) {
      ADD_FAILURE() << why;
    } else if (why_->empty()) {
      *why_ = why;
    }
  }

  // The scope's probe case for reads, if the scope has one for this role.
  const Probe* ProbeFor(const Row& row) const {
    std::string key;
    if (row.scope == "own_area" || row.scope == "other_area") {
      key = row.scope;
    } else if (row.scope == "own_record" && row.role == "resident") {
      key = "res";
    } else if (row.scope == "other_record") {
      key = row.role == "department_handler" ? "police" : "res2";
    }
    auto it = probes_.find(key);
    return it == probes_.end() ? nullptr : &it->second;
  }

  // "…0012" is mentioned when it occurs not followed by another digit.
  static bool Mentions(const std::string& body, const std::string& number) {
    if (number.empty()) return false;
    for (size_t at = body.find(number); at != std::string::npos; at = body.find(number, at + 1)) {
      size_t end = at + number.size();
      if (end >= body.size() || !std::isdigit(static_cast<unsigned char>(body[end]))) return true;
    }
    return false;
  }

  static const json* FindCase(const json& j, int64_t id) {
    if (j.is_object()) {
      if (j.contains("number") && j.contains("reporter_id") && j.value("id", int64_t{0}) == id) {
        return &j;
      }
      if (j.contains("items")) return FindCase(j["items"], id);
    } else if (j.is_array()) {
      for (const auto& item : j) {
        if (const json* found = FindCase(item, id)) return found;
      }
    }
    return nullptr;
  }

  // --- Placeholders.

  std::optional<Recipe> RecipeFor(const Row& row) {
    const std::string dm = T("district_manager");
    if (row.scope == "own_area") {
      return Recipe{
          "own",         dm, "hotline", own_point_, handler_department_, T("department_handler"),
          T("inspector")};
    }
    if (row.scope == "other_area") {
      return Recipe{"other",
                    dm,
                    "hotline",
                    other_point_,
                    other_department_,
                    other_handler_.token,
                    other_inspector_.token};
    }
    if (row.scope == "own_record") {
      static const std::map<std::string, std::string> kChannel = {
          {"resident", "resident"}, {"inspector", "patrol"}, {"community_worker", "patrol"}};
      auto it = kChannel.find(row.role);
      if (it == kChannel.end()) return std::nullopt;
      return Recipe{"own:" + row.role, T(row.role),         it->second,
                    own_point_,        handler_department_, T("department_handler"),
                    T("inspector")};
    }
    if (row.scope == "other_record" && row.role == "resident") {
      return Recipe{"res2",        other_resident_.token, "resident",
                    own_point_,    handler_department_,   T("department_handler"),
                    T("inspector")};
    }
    if (row.scope == "other_record" && row.role == "department_handler") {
      return Recipe{
          "police",      dm, "hotline", own_point_, police_department_, police_handler_.token,
          T("inspector")};
    }
    return std::nullopt;
  }

  // The state each action needs.
  static std::string StateFor(const std::string& action) {
    static const std::map<std::string, std::string> kState = {
        {"self_handle", "reported"},
        {"register", "reported"},
        {"reject", "reported"},
        {"merge", "reported"},
        {"escalate", "reported"},
        {"dispatch", "registered"},
        {"claim", "dispatched"},
        {"return", "dispatched"},
        {"supervise", "dispatched"},
        {"warn", "dispatched"},
        {"request_extension", "in_progress"},
        {"suspend", "in_progress"},
        {"report_handled", "in_progress"},
        {"approve_extension", "extension_pending"},
        {"deny_extension", "extension_pending"},
        {"resume", "suspended"},
        {"verify", "handled"},
        {"close", "verified"},
        {"rate", "closed"}};
    auto it = kState.find(action);
    return it == kState.end() ? "" : it->second;
  }

  // A case of `recipe` in `state`: reused while no row has changed it.
  std::optional<int64_t> CaseIn(const Recipe& recipe, const std::string& state) {
    const std::string key = recipe.key + "@" + state;
    current_fixture_ = key;
    if (auto it = cases_.find(key); it != cases_.end()) return it->second;
    json body = ReportBody(recipe.channel, recipe.at);
    body["reporter_phone"] = "13700000000";
    auto r = Server().Post("/api/v1/cases", body, recipe.reporter);
    if (r.status != 201) {
      Fail("fixture report answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
      return std::nullopt;
    }
    const int64_t id = r.json["id"].get<int64_t>();
    const std::string dm = T("district_manager");
    static const std::vector<std::string> kOrder = {"reported", "registered", "dispatched",
                                                    "in_progress"};
    auto reach = [&](const std::string& s) {
      auto want = std::find(kOrder.begin(), kOrder.end(), s);
      auto need = std::find(kOrder.begin(), kOrder.end(), state);
      return need == kOrder.end() || need >= want;
    };
    bool ok = true;
    if (ok && reach("registered")) ok = Step(id, "register", json::object(), dm);
    if (ok && reach("dispatched")) {
      ok = Step(id, "dispatch", {{"department_id", recipe.department}}, dm);
    }
    if (ok && reach("in_progress")) ok = Step(id, "claim", json::object(), recipe.handler);
    if (ok && state == "extension_pending") {
      ok = Step(id, "request_extension", {{"hours", 24}, {"reason", "需要协调"}}, recipe.handler);
    }
    if (ok && state == "suspended") ok = Step(id, "suspend", {{"reason", "等待天晴"}}, dm);
    if (ok && (state == "handled" || state == "verified" || state == "closed")) {
      ok = Step(id, "report_handled",
                {{"note", "已清运"}, {"attachment_ids", json::array({PhotoOf(recipe.handler)})}},
                recipe.handler);
      if (ok && state != "handled") {
        ok = Step(id, "verify", {{"result", "pass"}}, recipe.inspector);
      }
      if (ok && state == "closed") ok = Step(id, "close", json::object(), dm);
    }
    if (!ok) return std::nullopt;
    cases_[key] = id;
    return id;
  }

  std::optional<std::string> CaseValue(const Row& row) {
    static const std::regex action_path(R"(/actions/([a-z_]+))");
    std::smatch m;
    if (std::regex_search(row.path, m, action_path)) {
      const std::string state = StateFor(m[1]);
      if (state.empty()) {
        Fail("no fixture for action " + m[1].str());
        return std::nullopt;
      }
      auto recipe = RecipeFor(row);
      if (!recipe) {
        Fail("no case fixture for scope " + row.scope + " and role " + row.role);
        return std::nullopt;
      }
      auto id = CaseIn(*recipe, state);
      if (!id) return std::nullopt;
      action_recipe_ = *recipe;
      return std::to_string(*id);
    }
    const Probe* p = ProbeFor(row);
    if (!p) {
      Fail("no probe case for scope " + row.scope + " and role " + row.role);
      return std::nullopt;
    }
    return std::to_string(p->id);
  }

  std::optional<std::string> Value(const std::string& name) {
    const Row& row = *row_;
    const bool own = row.scope != "other_area";
    if (name == "case") return CaseValue(row);
    if (name == "district") return std::string(kDistrict);
    if (name == "street") return std::string(own ? kOwnStreet : kOtherStreet);
    if (name == "area") {
      if (!own) return std::string(kOtherStreet);
      auto it = me_.find(row.role);
      return it == me_.end() ? std::string(kOwnStreet)
                             : (*it).second["area_code"].get<std::string>();
    }
    if (name == "department") return std::to_string(own ? handler_department_ : other_department_);
    if (name == "lng" || name == "lat") {
      Point p = probe_points_[own ? "own_area" : "other_area"];
      return std::to_string(name == "lng" ? p.lng : p.lat);
    }
    if (name == "user") {
      if (row.scope == "own_record") {
        auto it = me_.find(row.role);
        if (it == me_.end()) return std::string("1");
        return std::to_string((*it).second["id"].get<int64_t>());
      }
      return std::to_string(row.role == "resident" ? other_resident_.id : other_dispatcher_.id);
    }
    if (name == "attachment") {
      if (row.scope == "own_record") return PhotoOf(T(row.role));
      if (row.scope == "other_record") return loose_photo_;
      const Probe* p = ProbeFor(row);
      if (p) return p->photo;
    }
    if (name == "key") {
      json record;
      IssueKey("open311", &record);  // a throwaway key for each row
      return std::to_string(record.value("id", int64_t{0}));
    }
    if (name == "webhook") {
      // Deactivation rows get a throwaway webhook each; reads share one.
      if (row.path.find("/deactivate") != std::string::npos) return std::to_string(CreateWebhook());
      return std::to_string(webhook_);
    }
    if (name == "service") return std::string("matter-06010");
    if (name == "request") return probes_["own_area"].number;
    if (name == "token") return open311_token_;
    Fail("unknown placeholder {" + name + "}");
    return std::nullopt;
  }

  std::optional<std::string> Fill(const std::string& text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
      size_t open = text.find('{', i);
      size_t close = open == std::string::npos ? std::string::npos : text.find('}', open);
      // Only {name} with a lower-case identifier is a placeholder (JSON braces are not).
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      const std::string name = text.substr(open + 1, close - open - 1);
      static const std::regex kName("[a-z_]+");
      if (name.empty() || !std::regex_match(name, kName)) {
        out += text.substr(i, open - i + 1);
        i = open + 1;
        continue;
      }
      auto v = Value(name);
      if (!v) return std::nullopt;
      out += text.substr(i, open - i) + *v;
      i = close + 1;
    }
    return out;
  }

  std::optional<std::string> ActionBody(const std::string& action) {
    const std::string photo = PhotoOf(T(row_->role));
    if (action == "self_handle" || action == "report_handled") {
      return json{{"note", "已处理"}, {"attachment_ids", json::array({photo})}}.dump();
    }
    if (action == "reject") return json{{"reason", "不属于受理范围"}}.dump();
    if (action == "return") return json{{"reason", "不属于本部门职责"}}.dump();
    if (action == "suspend") return json{{"reason", "等待天晴"}}.dump();
    if (action == "escalate") return json{{"reason", "需要上级协调"}}.dump();
    if (action == "request_extension") return json{{"hours", 24}, {"reason", "需要协调"}}.dump();
    if (action == "dispatch") return json{{"department_id", action_recipe_.department}}.dump();
    if (action == "verify") return json{{"result", "pass"}}.dump();
    if (action == "rate") return json{{"satisfaction", "satisfied"}, {"solved", true}}.dump();
    if (action == "merge") {
      const char* into = row_->scope == "other_area" ? "other_area" : "own_area";
      return json{{"into_case_id", probes_[into].id}}.dump();
    }
    return json::object().dump();
  }

  std::optional<std::string> DefaultBody(const Row& row, const std::string& route, Request* q) {
    const bool own = row.scope != "other_area";
    foreign_notification_.reset();
    static const std::regex action_path(R"(/actions/([a-z_]+)$)");
    std::smatch m;
    if (std::regex_search(route, m, action_path)) return ActionBody(m[1]);
    if (route == "/api/v1/auth/login") {
      return json{{"username", other_resident_.username}, {"password", other_resident_.password}}
          .dump();
    }
    if (route == "/api/v1/users") {
      return json{{"username", "authz_new_" + Unique()},
                  {"password", "password-authz"},
                  {"role", "resident"},
                  {"area_code", kDistrict}}
          .dump();
    }
    if (route.size() > 7 && route.compare(route.size() - 7, 7, "/import") == 0) {
      // Parsed, then refused row by row: the permission check comes first and nothing changes.
      q->content_type = "text/csv";
      if (route == "/api/v1/areas/import")
        return std::string("code,name,level,parent_code\n1,x,grid,\n");
      if (route == "/api/v1/cases/import") {
        return std::string(
            "category_code,description,lng,lat,reported_at,closed_at\n"
            "06010,x,0,0,2025-01-01T09:00:00+08:00,2025-01-02T09:00:00+08:00\n");
      }
      if (route == "/api/v1/categories/import")
        return std::string("kind,code,name,parent_code\nx,1,,\n");
      if (route == "/api/v1/departments/import") return std::string("name,kind,area_codes\n,,1\n");
      if (route == "/api/v1/time-limits/import") {
        return std::string("kind,code,urgency,stage,duration,unit\nx,1,x,x,-1,x\n");
      }
      return std::string(
          "category_kind,category_code,area_code,department,assisting_departments\nx,1,1,none,\n");
    }
    if (route == "/api/v1/cases") {
      static const std::map<std::string, std::string> kChannel = {
          {"resident", "resident"}, {"inspector", "patrol"}, {"community_worker", "patrol"}};
      auto it = kChannel.find(row.role);
      return ReportBody(it == kChannel.end() ? "hotline" : it->second,
                        own ? own_point_ : other_point_)
          .dump();
    }
    if (route == "/api/v1/attachments") {
      q->content_type = "image/png";
      return TinyPng();
    }
    if (route == "/api/v1/notifications/read") {
      if (row.scope == "other_record") {
        const std::string owner =
            row.role == "dispatcher" ? other_dispatcher_.token : T("dispatcher");
        auto inbox = Server().Get("/api/v1/notifications?unread=true&limit=1", owner);
        if (inbox.json["items"].empty()) {
          Fail("the other user's inbox has no unread notification");
          return std::nullopt;
        }
        int64_t id = inbox.json["items"][0]["id"].get<int64_t>();
        foreign_notification_ = std::make_pair(owner, id);
        return json{{"ids", json::array({id})}}.dump();
      }
      // The caller's own newest notification; none yet (leaders, administrators): an id that
      // names nothing.
      int64_t id = 999999999;
      if (!q->token.empty()) {
        auto inbox = Server().Get("/api/v1/notifications?limit=1", q->token);
        if (!inbox.json["items"].empty()) id = inbox.json["items"][0]["id"].get<int64_t>();
      }
      return json{{"ids", json::array({id})}}.dump();
    }
    if (route == "/api/v1/evaluation/entries") {
      auto area = Value("area");
      if (!area) return std::nullopt;
      return json{{"area", *area},        {"kind", "leader_rating"}, {"points", 80},
                  {"reason", "授权矩阵"}, {"from", "2020-01-01"},    {"to", "2020-01-31"}}
          .dump();
    }
    if (route == "/api/v1/admin/api-keys") {
      return json{{"name", "authz matrix"}, {"purpose", "open311"}, {"district_code", kDistrict}}
          .dump();
    }
    if (route == "/api/v1/admin/webhooks") return WebhookBody().dump();
    if (route == "/api/v1/hotline/work-orders") {
      if (row.role == "hotline_key") q->headers.emplace_back("X-Api-Key", hotline_key_);
      if (row.role == "open311_key") q->headers.emplace_back("X-Api-Key", open311_key_);
      return json{{"external_id", "AUTHZ-" + Unique()},
                  {"category_code", "06010"},
                  {"description", "市民来电：授权矩阵"},
                  {"lng", own_point_.lng},
                  {"lat", own_point_.lat}}
          .dump();
    }
    if (route.rfind("/open311/v2/requests.", 0) == 0) {
      q->content_type = "application/x-www-form-urlencoded";
      std::string key;
      if (row.role == "open311_key") key = open311_key_;
      if (row.role == "hotline_key") key = hotline_key_;
      return Open311Form(key);
    }
    if (route == "/api/v1/test/clock") return json{{"advance_ms", 0}}.dump();
    return json::object().dump();
  }

  std::map<std::string, std::string> tokens_;
  std::map<std::string, json> me_;
  Point own_point_, other_point_;
  std::map<std::string, Point> probe_points_;
  std::string other_grid_;
  int64_t handler_department_ = 0, other_department_ = 0, police_department_ = 0;
  Account resident_, other_dispatcher_, other_handler_, other_inspector_, other_resident_,
      police_handler_;
  std::string hotline_key_, open311_key_, open311_token_, loose_photo_;
  int64_t webhook_ = 0;
  std::vector<int64_t> webhooks_;
  std::map<std::string, Probe> probes_;
  std::map<std::string, std::string> photos_;  // token → a photo its user uploaded
  std::map<std::string, int64_t> cases_;       // recipe@state → an unchanged case
  std::optional<std::string> current_fixture_;
  Recipe action_recipe_;
  std::optional<std::pair<std::string, int64_t>> foreign_notification_;
  std::unique_ptr<TestServer> test_mode_;
  std::string* why_ = nullptr;
  const Row* row_ = nullptr;
  int counter_ = 0;
};

TEST(ApiAuthzMatrixTest, TheMatrixListsEveryRouteForEveryCaller) {
  std::vector<std::string> errors;
  auto rows = ReadMatrix(&errors);
  for (const auto& e : errors) ADD_FAILURE() << e;
  auto routes = ServedRoutes();
  ASSERT_GT(routes.size(), 40u) << "docs/openapi.yaml was not read";
  std::set<std::pair<std::string, std::string>> covered;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> callers;
  for (const auto& row : rows) {
    auto route = RouteOf(row, routes);
    if (!route) {
      ADD_FAILURE() << row.Describe() << ": no such route is served";
      continue;
    }
    covered.insert(*route);
    callers[{row.method, WithoutQuery(row.path)}].insert(row.role);
  }
  for (const auto& route : routes) {
    EXPECT_TRUE(covered.count(route))
        << route.first << " " << route.second << " has no row in tests/authz_matrix.tsv";
  }
  // Each endpoint is public (anonymous alone) or lists every caller.
  for (const auto& [endpoint, roles] : callers) {
    if (roles == std::set<std::string>{"anonymous"}) continue;
    for (const auto& caller : AllCallers()) {
      EXPECT_TRUE(roles.count(caller))
          << endpoint.first << " " << endpoint.second << " has no row for " << caller;
    }
  }
}

TEST(ApiAuthzMatrixTest, EveryRowHoldsOverHttp) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> errors;
  auto rows = ReadMatrix(&errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  ASSERT_FALSE(rows.empty());
  World world;
  if (::testing::Test::HasFailure()) GTEST_SKIP() << "the fixtures could not be prepared";
  // Reads first, while the probe cases are the newest; then every other row in file order.
  std::stable_partition(rows.begin(), rows.end(), [](const Row& r) { return r.method == "GET"; });
  for (const auto& row : rows) {
    std::string why;
    auto request = world.Prepare(row, &why);
    if (!request) {
      ADD_FAILURE() << row.Describe() << ": cannot prepare the request: " << why;
      continue;
    }
    world.Check(row, *request, world.Send(*request));
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  std::cout << "authz matrix: " << rows.size() << " rows in " << ms << " ms\n";
}

}  // namespace
}  // namespace civicgrid::testing
