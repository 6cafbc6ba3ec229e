// Open311 GeoReport v2 over the real server, every endpoint in XML and JSON: discovery, services,
// service definitions, submission with an administrator's API key (and every refusal: unknown or
// revoked key 403, missing field 400, unknown service, a point outside the jurisdiction, the rate
// limit), token lookup, single requests, and the request list's filters. Reading is public and
// shows no personal data.
#include <gtest/gtest.h>

#include <map>
#include <pugixml.hpp>
#include <set>

#include "api_env.h"

namespace civicgrid::testing {
namespace {

using nlohmann::json;

const std::string kDistrict = "310105000000";
const std::string kJ = "jurisdiction_id=" + kDistrict;

std::string Encode(const std::string& in) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Form(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + Encode(k) + "=" + Encode(v);
  return out;
}

HttpResult Submit(const std::string& format, const std::map<std::string, std::string>& fields) {
  return Server().Request("POST", "/open311/v2/requests." + format, Form(fields), "",
                          "application/x-www-form-urlencoded");
}

pugi::xml_document Xml(const HttpResult& r) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(r.body.c_str())) << r.body;
  EXPECT_NE(r.content_type.find("text/xml"), std::string::npos) << r.content_type;
  return doc;
}

// The spec's error list, in either format, with this status.
void ExpectError(const HttpResult& r, int status, const std::string& format,
                 const std::string& words = "") {
  ASSERT_EQ(r.status, status) << r.body;
  std::string description;
  if (format == "json") {
    ASSERT_TRUE(r.json.is_array()) << r.body;
    ASSERT_EQ(r.json.size(), 1u) << r.body;
    EXPECT_EQ(r.json[0]["code"], status);
    description = r.json[0]["description"].get<std::string>();
  } else {
    auto doc = Xml(r);
    auto error = doc.child("errors").child("error");
    ASSERT_TRUE(error) << r.body;
    EXPECT_EQ(error.child("code").text().as_int(), status);
    description = error.child("description").text().get();
  }
  EXPECT_FALSE(description.empty());
  if (!words.empty()) {
    EXPECT_NE(description.find(words), std::string::npos) << description;
  }
}

std::string IssueKey(const std::string& purpose, int per_minute = 60) {
  std::string admin = Server().Login("admin");
  auto r = Server().Post("/api/v1/admin/api-keys",
                         {{"name", "FixMyStreet 长宁"},
                          {"purpose", purpose},
                          {"district_code", kDistrict},
                          {"per_minute", per_minute}},
                         admin);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json["api_key"].get<std::string>();
}

std::map<std::string, std::string> AtInspector(const std::string& key) {
  auto [lng, lat] = Demo::InspectorPoint();
  return {{"api_key", key},
          {"jurisdiction_id", kDistrict},
          {"service_code", "matter-06010"},
          {"lat", std::to_string(lat)},
          {"long", std::to_string(lng)},
          {"description", "路口有暴露垃圾"},
          {"phone", "138 1234 5678"},
          {"first_name", "张三丰"},
          {"email", "ming@example.org"}};
}

TEST(ApiOpen311Test, DiscoveryServicesAndDefinitionsInBothFormats) {
  auto d = Server().Get("/open311/v2/discovery.json");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(d.json["endpoints"][0]["formats"], json({"text/xml", "application/json"}));
  auto dx = Server().Get("/open311/v2/discovery.xml");
  ASSERT_EQ(dx.status, 200);
  auto dxml = Xml(dx);
  EXPECT_STREQ(
      dxml.select_node("/discovery/endpoints/endpoint/formats/format[1]").node().text().get(),
      "text/xml");

  auto services = Server().Get("/open311/v2/services.json?" + kJ);
  ASSERT_EQ(services.status, 200) << services.body;
  ASSERT_TRUE(services.json.is_array());
  bool found = false;
  for (const auto& s : services.json) {
    if (s["service_code"] == "matter-06010") {
      found = true;
      EXPECT_FALSE(s["service_name"].get<std::string>().empty());
      EXPECT_EQ(s["metadata"], true);
      EXPECT_EQ(s["type"], "realtime");
    }
  }
  EXPECT_TRUE(found) << "no service matter-06010";
  auto sx = Xml(Server().Get("/open311/v2/services.xml?" + kJ));
  size_t xml_services = 0;
  for (auto n : sx.child("services").children("service")) {
    ++xml_services;
    EXPECT_FALSE(std::string(n.child("service_code").text().get()).empty());
  }
  EXPECT_EQ(xml_services, services.json.size());

  auto def = Server().Get("/open311/v2/services/matter-06010.json?" + kJ);
  ASSERT_EQ(def.status, 200) << def.body;
  EXPECT_EQ(def.json["service_code"], "matter-06010");
  ASSERT_EQ(def.json["attributes"].size(), 2u);
  EXPECT_EQ(def.json["attributes"][0]["code"], "urgency");
  EXPECT_EQ(def.json["attributes"][0]["datatype"], "singlevaluelist");
  EXPECT_EQ(def.json["attributes"][0]["values"][1]["key"], "urgent");
  auto defx = Xml(Server().Get("/open311/v2/services/matter-06010.xml?" + kJ));
  EXPECT_STREQ(defx.select_node("/service_definition/attributes/attribute[1]/values/value[2]/key")
                   .node()
                   .text()
                   .get(),
               "urgent");

  for (const std::string f : {"json", "xml"}) {
    ExpectError(Server().Get("/open311/v2/services/matter-99999." + f + "?" + kJ), 404, f,
                "matter-99999");
    ExpectError(Server().Get("/open311/v2/services." + f + "?jurisdiction_id=310999000000"), 404, f,
                "jurisdiction_id");
    ExpectError(Server().Get("/open311/v2/services." + f), 400, f, "jurisdiction_id");
  }
  EXPECT_EQ(Server().Get("/open311/v2/services.csv?" + kJ).status, 404);
}

TEST(ApiOpen311Test, SubmissionNeedsAValidKeyAndValidFields) {
  const std::string key = IssueKey("open311");
  for (const std::string f : {"json", "xml"}) {
    auto fields = AtInspector(key);
    fields["api_key"] = "not-a-key";
    ExpectError(Submit(f, fields), 403, f, "api_key");
    fields.erase("api_key");
    ExpectError(Submit(f, fields), 403, f, "api_key");

    fields = AtInspector(key);
    fields.erase("service_code");
    ExpectError(Submit(f, fields), 400, f, "service_code");
    fields["service_code"] = "matter-99999";
    ExpectError(Submit(f, fields), 400, f, "unknown service_code");

    fields = AtInspector(key);
    fields["lat"] = "39.9";
    fields["long"] = "116.4";  // Beijing
    ExpectError(Submit(f, fields), 400, f, "outside jurisdiction");
    fields.erase("lat");
    fields.erase("long");
    ExpectError(Submit(f, fields), 400, f, "location is required");
    fields["address_string"] = "火星路 1 号";
    ExpectError(Submit(f, fields), 400, f, "address_string");

    fields = AtInspector(key);
    fields["attribute[urgency]"] = "very";
    ExpectError(Submit(f, fields), 400, f, "attribute[urgency]");
    fields.erase("attribute[urgency]");
    fields["attribute[colour]"] = "red";
    ExpectError(Submit(f, fields), 400, f, "attribute[colour]");
    fields.erase("attribute[colour]");
    fields["jurisdiction_id"] = "310104000000";
    ExpectError(Submit(f, fields), 404, f, "jurisdiction_id");
  }
  // A hotline key is not an Open311 key.
  ExpectError(Submit("json", AtInspector(IssueKey("hotline"))), 403, "json", "api_key");
}

TEST(ApiOpen311Test, SubmitFollowByTokenAndReadWithoutPersonalData) {
  const std::string key = IssueKey("open311");
  auto fields = AtInspector(key);
  fields["attribute[urgency]"] = "urgent";
  fields["media_url"] = "https://example.org/photo.jpg";
  auto r = Submit("json", fields);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = r.json[0]["service_request_id"];
  const std::string token = r.json[0]["token"];
  EXPECT_FALSE(id.empty());
  EXPECT_FALSE(token.empty());

  // The same submission in XML.
  auto rx = Submit("xml", AtInspector(key));
  ASSERT_EQ(rx.status, 200) << rx.body;
  auto x = Xml(rx);
  const std::string id_xml =
      x.child("service_requests").child("request").child("service_request_id").text().get();
  EXPECT_FALSE(id_xml.empty());
  EXPECT_NE(id_xml, id);

  for (const std::string f : {"json", "xml"}) {
    auto t = Server().Get("/open311/v2/tokens/" + token + "." + f + "?" + kJ);
    ASSERT_EQ(t.status, 200) << t.body;
    if (f == "json") {
      EXPECT_EQ(t.json[0]["service_request_id"], id);
    } else {
      EXPECT_EQ(std::string(Xml(t)
                                .select_node("/service_requests/request/service_request_id")
                                .node()
                                .text()
                                .get()),
                id);
    }
    ExpectError(Server().Get("/open311/v2/tokens/nope." + f + "?" + kJ), 404, f, "token");
    ExpectError(Server().Get("/open311/v2/requests/310105-20000101-00001." + f + "?" + kJ), 404, f,
                "not found");
  }

  auto one = Server().Get("/open311/v2/requests/" + id + ".json?" + kJ);
  ASSERT_EQ(one.status, 200) << one.body;
  const json& req = one.json[0];
  EXPECT_EQ(req["service_request_id"], id);
  EXPECT_EQ(req["status"], "open");
  EXPECT_EQ(req["detailed_status"], "reported");
  EXPECT_EQ(req["service_code"], "matter-06010");
  EXPECT_NE(req["description"].get<std::string>().find("https://example.org/photo.jpg"),
            std::string::npos);
  EXPECT_NE(req["requested_datetime"].get<std::string>().find("+08:00"), std::string::npos);
  EXPECT_NE(req["expected_datetime"].get<std::string>(), "");
  // Nothing of the reporter reaches the public.
  for (const char* secret : {"13812345678", "****5678", "ming@example.org", "张三丰"}) {
    EXPECT_EQ(one.body.find(secret), std::string::npos) << secret;
  }
  auto onex = Server().Get("/open311/v2/requests/" + id + ".xml?" + kJ);
  ASSERT_EQ(onex.status, 200);
  EXPECT_EQ(
      std::string(Xml(onex).select_node("/service_requests/request/status").node().text().get()),
      "open");

  // The centre sees the case, with the urgency asked for and the phone (masked to others).
  std::string dispatcher = Server().Login("dispatcher");
  auto list = Server().Get("/api/v1/cases?page_size=50", dispatcher);
  bool seen = false;
  for (const auto& c : list.json["items"]) {
    if (c["number"] == id) {
      seen = true;
      EXPECT_EQ(c["urgency"], "urgent");
      EXPECT_EQ(c["channel"], "resident");
    }
  }
  EXPECT_TRUE(seen) << "the street's centre does not see the Open311 report";

  // An address string alone is placed in the community it names.
  std::string inspector = Server().Login("inspector");
  std::string grid = Server().Get("/api/v1/auth/me", inspector).json["area_code"];
  std::string community =
      Server().Get("/api/v1/areas/" + grid.substr(0, 12), inspector).json["name"];
  auto by_address = AtInspector(key);
  by_address.erase("lat");
  by_address.erase("long");
  by_address["address_string"] = "上海市长宁区" + community + "12号";
  auto placed = Submit("json", by_address);
  EXPECT_EQ(placed.status, 200) << placed.body;

  // A revoked key is refused.
  std::string admin = Server().Login("admin");
  auto keys = Server().Get("/api/v1/admin/api-keys", admin);
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(keys.body.find(key), std::string::npos) << "the key itself is never listed";
  int64_t key_id = keys.json["items"].back()["id"];
  for (const auto& k : keys.json["items"]) {
    if (k["purpose"] == "open311" && !k["revoked"].get<bool>()) key_id = k["id"];
  }
  EXPECT_EQ(Server()
                .Post("/api/v1/admin/api-keys/" + std::to_string(key_id) + "/revoke",
                      json::object(), Server().Login("dispatcher"))
                .status,
            403);
  ASSERT_EQ(Server()
                .Post("/api/v1/admin/api-keys/" + std::to_string(key_id) + "/revoke",
                      json::object(), admin)
                .status,
            200);
  ExpectError(Submit("json", AtInspector(key)), 403, "json", "revoked");
}

TEST(ApiOpen311Test, KeysAreRateLimited) {
  const std::string key = IssueKey("open311", 2);
  EXPECT_EQ(Submit("json", AtInspector(key)).status, 200);
  EXPECT_EQ(Submit("json", AtInspector(key)).status, 200);
  ExpectError(Submit("json", AtInspector(key)), 429, "json", "2 times a minute");
  ExpectError(Submit("xml", AtInspector(key)), 429, "xml");
}

TEST(ApiOpen311Test, RequestListFilters) {
  const std::string key = IssueKey("open311");
  auto a = Submit("json", AtInspector(key));
  auto fields = AtInspector(key);
  fields["service_code"] = "component-01001";
  auto b = Submit("json", fields);
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  const std::string ida = a.json[0]["service_request_id"], idb = b.json[0]["service_request_id"];
  auto ids = [](const HttpResult& r) {
    std::set<std::string> out;
    for (const auto& x : r.json) out.insert(x["service_request_id"].get<std::string>());
    return out;
  };
  auto list = [&](const std::string& q) {
    auto r = Server().Get("/open311/v2/requests.json?" + kJ + "&" + q);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return ids(r);
  };
  EXPECT_EQ(list("service_request_id=" + ida + "," + idb), (std::set<std::string>{ida, idb}));
  auto matter = list("service_code=matter-06010");
  EXPECT_TRUE(matter.count(ida));
  EXPECT_FALSE(matter.count(idb));
  auto component = list("service_code=component-01001");
  EXPECT_TRUE(component.count(idb));
  EXPECT_FALSE(component.count(ida));
  EXPECT_TRUE(list("status=open").count(ida));
  EXPECT_FALSE(list("status=closed").count(ida));
  EXPECT_TRUE(list("status=open,closed").count(ida));
  EXPECT_TRUE(list("").count(ida));  // the last 90 days by default
  EXPECT_FALSE(list("start_date=2099-01-01T00:00:00Z").count(ida));
  EXPECT_FALSE(list("end_date=2000-01-01T00:00:00%2B08:00").count(ida));
  EXPECT_TRUE(list("start_date=2000-01-01T00:00:00%2B08:00&end_date=2099-01-01").count(ida));
  // The XML list holds the same requests.
  auto x =
      Server().Get("/open311/v2/requests.xml?" + kJ + "&service_request_id=" + ida + "," + idb);
  ASSERT_EQ(x.status, 200);
  std::set<std::string> xml_ids;
  const auto doc = Xml(x);  // the nodes live in it: keep it for the loop
  for (auto n : doc.child("service_requests").children("request")) {
    xml_ids.insert(n.child("service_request_id").text().get());
  }
  EXPECT_EQ(xml_ids, (std::set<std::string>{ida, idb}));
  for (const std::string f : {"json", "xml"}) {
    const std::string path = "/open311/v2/requests." + f + "?" + kJ;
    ExpectError(Server().Get(path + "&start_date=yesterday"), 400, f, "start_date");
    ExpectError(Server().Get(path + "&status=pending"), 400, f, "status");
    ExpectError(Server().Get(path + "&service_code=matter"), 400, f, "service_code");
    ExpectError(Server().Get(path + "&start_date=2026-02-01&end_date=2026-01-01"), 400, f,
                "end_date");
  }
}

}  // namespace
}  // namespace civicgrid::testing
