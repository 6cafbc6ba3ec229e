// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/: discovery,
// services and their definitions, request submission with an API key, token lookup, request
// lists with the spec's filters and single requests, each in XML and JSON with the spec's error
// list. jurisdiction_id is a district code; a service code is a category's kind and code
// ("matter-06010", "component-01001": the two kinds share codes). Reading is public and shows
// no personal data; see docs/open311.md.
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "api/dto.h"
#include "api/handler_util.h"
#include "api/open311_format.h"
#include "base/iso_time.h"
#include "modules/areas/area_code.h"
#include "modules/auth/passwords.h"

namespace civicgrid::api {
namespace {

using open311::Format;
using Params = std::map<std::string, std::string>;

constexpr int64_t kDefaultDays = 90;
constexpr int kMaxRequests = 1000;
constexpr size_t kMaxMediaUrlBytes = 500;
constexpr const char* kTokenSystem = "open311-token";
constexpr int64_t kShanghaiOffsetMs = 8 * 3600 * 1000;

std::string Get(const Params& p, const char* name) {
  auto it = p.find(name);
  return it == p.end() ? std::string() : it->second;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::string ServiceCode(catalog::CategoryKind kind, const std::string& code) {
  return std::string(catalog::KindName(kind)) + "-" + code;
}

std::optional<std::pair<catalog::CategoryKind, std::string>> ParseServiceCode(
    const std::string& service_code) {
  const size_t dash = service_code.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto kind = catalog::ParseKind(service_code.substr(0, dash));
  if (!kind) return std::nullopt;
  return std::pair{*kind, service_code.substr(dash + 1)};
}

bool Closed(cases::CaseState state) {
  return state == cases::CaseState::kClosed || state == cases::CaseState::kRejected ||
         state == cases::CaseState::kMerged;
}

std::string StatusNotes(const cases::Case& c) {
  switch (c.state) {
    case cases::CaseState::kReported:
      return "已上报，等待受理";
    case cases::CaseState::kRegistered:
      return "已立案，等待派遣";
    case cases::CaseState::kRejected:
      return "不予立案";
    case cases::CaseState::kDispatched:
      return "已派遣至责任部门";
    case cases::CaseState::kInProgress:
      return "处置中";
    case cases::CaseState::kSuspended:
      return "挂账，暂缓处置";
    case cases::CaseState::kHandled:
      return "处置完成，等待核查";
    case cases::CaseState::kVerified:
      return "核查通过，等待结案";
    case cases::CaseState::kClosed:
      return "已结案";
    case cases::CaseState::kMerged:
      return "与其他案件合并";
  }
  return "";
}

// A request as the public sees it: nothing of the reporter.
nlohmann::json RequestJson(const cases::CaseView& v) {
  const cases::Case& c = v.c;
  const bool closed = Closed(c.state);
  return {{"service_request_id", c.number},
          {"status", closed ? "closed" : "open"},
          {"status_notes", StatusNotes(c)},
          {"detailed_status", cases::StateName(c.state)},
          {"service_name", v.category ? v.category->name : ""},
          {"service_code", ServiceCode(c.category_kind, c.category_code)},
          {"description", c.description},
          {"agency_responsible", v.department ? v.department->name : ""},
          {"service_notice", ""},
          {"requested_datetime", IsoTime(c.created_at)},
          {"updated_datetime", IsoTime(c.updated_at)},
          {"expected_datetime", !closed && c.deadline_at > 0 ? IsoTime(c.deadline_at) : ""},
          {"address", c.address},
          {"address_id", ""},
          {"zipcode", ""},
          {"lat", c.lat},
          {"long", c.lng},
          {"media_url", ""}};
}

// The service definition's attributes: the same for every service.
nlohmann::json Attributes() {
  return nlohmann::json::array(
      {{{"variable", true},
        {"code", "urgency"},
        {"datatype", "singlevaluelist"},
        {"required", false},
        {"datatype_description", "normal or urgent"},
        {"order", 1},
        {"description", "紧急程度 (urgency)"},
        {"values", {{{"key", "normal"}, {"name", "一般"}}, {{"key", "urgent"}, {"name", "紧急"}}}}},
       {{"variable", true},
        {"code", "anonymous"},
        {"datatype", "singlevaluelist"},
        {"required", false},
        {"datatype_description", "true or false"},
        {"order", 2},
        {"description", "匿名：不向公众显示报告人 (anonymous)"},
        {"values", {{{"key", "false"}, {"name", "否"}}, {{"key", "true"}, {"name", "是"}}}}}});
}

// The query string, and for a form post its body too (the body wins).
Params AllParams(const http::Request& r) {
  Params p = r.query;
  if (r.method == "POST" && r.Header("content-type").rfind("application/json", 0) != 0) {
    for (auto& [k, v] : http::ParseQuery(r.body)) p[k] = v;
  }
  return p;
}

int StatusOf(const base::Error& e) {
  switch (e.code) {
    case base::Code::kInvalidArgument:
      return 400;
    case base::Code::kResourceExhausted:
      return 429;
    default:
      return HttpStatusFor(e);
  }
}

std::string Describe(const base::Error& e) {
  if (e.fields.empty()) return e.message;
  std::string out;
  for (const auto& [field, reason] : e.fields) {
    out += (out.empty() ? "" : "; ") + field + ": " + reason;
  }
  return out;
}

http::Response Fail(Format f, const base::Error& e) {
  return open311::ErrorReply(StatusOf(e), f, Describe(e));
}

// The district jurisdiction_id names; `fallback` when absent (a key's own district).
base::Result<std::string> Jurisdiction(const Services& s, const Params& p,
                                       const std::string& fallback = "") {
  std::string code = Get(p, "jurisdiction_id");
  if (code.empty()) code = fallback;
  if (code.empty()) {
    return base::InvalidArgument("jurisdiction_id", "required: the district's 12-digit code");
  }
  if (areas::LevelOfCode(code) != areas::AreaLevel::kDistrict) {
    return base::NotFound("jurisdiction_id " + code + " not found (a district's 12-digit code)");
  }
  auto area = s.areas->Get(access::SystemActor(), code);
  if (!area) {
    if (area.error().code == base::Code::kNotFound) {
      return base::NotFound("jurisdiction_id " + code + " not found");
    }
    return tl::unexpected(area.error());
  }
  return code;
}

// A point for an address string: the community (or street) of the district whose name it holds.
std::optional<geo::Point> PointOfAddress(const Services& s, const std::string& district,
                                         const std::string& address) {
  std::optional<geo::Point> best;
  size_t best_len = 0;
  for (auto level : {areas::AreaLevel::kStreet, areas::AreaLevel::kCommunity}) {
    auto found = s.areas->Within(access::SystemActor(), district, level);
    if (!found) continue;
    for (const auto& a : *found) {
      if (a.center && a.name.size() >= best_len && address.find(a.name) != std::string::npos) {
        best = a.center;
        best_len = a.name.size();
      }
    }
  }
  return best;
}

// Every param of a submission but api_key, as a report; the attributes checked against the
// service definition.
base::Result<cases::ReportInput> ReadSubmission(const Services& s, const Params& p,
                                                const std::string& district) {
  std::map<std::string, std::string> errors;
  cases::ReportInput in;
  in.channel = "resident";
  const std::string service_code = Get(p, "service_code");
  std::optional<catalog::Category> category;
  if (service_code.empty()) {
    errors["service_code"] = "required";
  } else if (auto parsed = ParseServiceCode(service_code); !parsed) {
    errors["service_code"] = "unknown service_code " + service_code;
  } else {
    auto found = s.catalog->FindCategory(parsed->first, parsed->second);
    if (!found) return tl::unexpected(found.error());
    if (!*found || (*found)->level < 2) {
      errors["service_code"] = "unknown service_code " + service_code;
    } else {
      category = **found;
      in.category_kind = catalog::KindName(parsed->first);
      in.category_code = parsed->second;
    }
  }
  for (const auto& [key, value] : p) {
    if (key.rfind("attribute[", 0) != 0) continue;
    const std::string code = key.substr(10, key.size() > 11 ? key.size() - 11 : 0);
    if (key.back() != ']' || (code != "urgency" && code != "anonymous")) {
      errors[key] = "not an attribute of this service (urgency, anonymous)";
    } else if (code == "urgency") {
      if (value != "normal" && value != "urgent") errors[key] = "must be normal or urgent";
      in.urgency = value;
    } else {
      if (value != "true" && value != "false") errors[key] = "must be true or false";
      in.anonymous = value == "true";
    }
  }
  const std::string lat = Get(p, "lat"), lng = Get(p, "long");
  const std::string address = Get(p, "address_string");
  if (!lat.empty() || !lng.empty()) {
    auto number = [&](const std::string& text, const char* field) -> std::optional<double> {
      char* end = nullptr;
      double v = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
        errors[field] = "required with the other coordinate: WGS-84 decimal degrees";
        return std::nullopt;
      }
      return v;
    };
    in.lat = number(lat, "lat");
    in.lng = number(lng, "long");
  } else if (!address.empty()) {
    auto point = PointOfAddress(s, district, address);
    if (!point) {
      errors["address_string"] =
          "names no street or community of jurisdiction " + district + "; send lat and long";
    } else {
      in.lng = point->x();
      in.lat = point->y();
    }
  } else if (!Get(p, "address_id").empty()) {
    errors["address_id"] = "address ids are not kept here; send lat and long or address_string";
  } else {
    errors["lat"] = "a location is required: lat and long, or address_string";
  }
  in.address = address;
  in.description = Get(p, "description");
  if (in.description.empty() && category) in.description = category->name;
  const std::string media = Get(p, "media_url");
  if (!media.empty()) {
    if (media.size() > kMaxMediaUrlBytes ||
        (media.rfind("http://", 0) != 0 && media.rfind("https://", 0) != 0)) {
      errors["media_url"] = "an http(s) URL of at most 500 bytes";
    } else {
      in.description += "\n照片: " + media;
    }
  }
  // Only the phone is kept (masked for all but the centre); names, e-mail and device ids are not.
  for (char ch : Get(p, "phone")) {
    if (std::isdigit(static_cast<unsigned char>(ch)) || ch == '+') in.reporter_phone += ch;
  }
  if (!errors.empty()) return base::InvalidFields("the request is invalid", std::move(errors));
  return in;
}

// Registers GET (or POST) `path` + ".xml" and ".json".
template <typename F>
void AddBoth(http::Router& router, const char* method, const std::string& path, F handler) {
  for (Format f : {Format::kXml, Format::kJson}) {
    router.Add(method, path + (f == Format::kXml ? ".xml" : ".json"),
               [handler, f](const http::Request& r, const http::Params&) { return handler(r, f); });
  }
}

// Registers `prefix` + "/{file}" where file is "<name>.<xml|json>".
template <typename F>
void AddFile(http::Router& router, const std::string& prefix, F handler) {
  router.Add("GET", prefix + "/{file}", [handler](const http::Request& r, const http::Params& p) {
    auto split = open311::SplitFormat(p.at("file"));
    if (!split) return open311::ErrorReply(404, Format::kXml, "append .xml or .json to the path");
    return handler(r, split->first, split->second);
  });
}

}  // namespace

void AddOpen311Routes(http::Router& router, const Services& s) {
  const std::string base = "/open311/v2";

  AddBoth(router, "GET", base + "/discovery", [](const http::Request& r, Format f) {
    const std::string changeset = "2026-11-26T00:00:00+08:00";
    const std::string host = r.Header("host");
    return open311::Reply(
        200, f, "discovery",
        {{"changeset", changeset},
         {"contact", "区城市运行管理中心（12345）"},
         {"key_service", "api_key 由区网格中心管理员签发 (POST /api/v1/admin/api-keys)"},
         {"endpoints",
          {{{"specification", "http://wiki.open311.org/GeoReport_v2"},
            {"url", (host.empty() ? "" : "http://" + host) + "/open311/v2"},
            {"changeset", changeset},
            {"type", "production"},
            {"formats", {"text/xml", "application/json"}}}}}});
  });

  AddBoth(router, "GET", base + "/services", [&s](const http::Request& r, Format f) {
    auto district = Jurisdiction(s, r.query);
    if (!district) return Fail(f, district.error());
    auto categories = s.catalog->Categories(access::SystemActor());
    if (!categories) return Fail(f, categories.error());
    std::map<std::string, std::string> class_names;
    for (const auto& c : *categories) {
      if (c.level == 1) class_names[ServiceCode(c.kind, c.code)] = c.name;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : *categories) {
      if (c.level < 2) continue;
      const std::string group = class_names[ServiceCode(c.kind, c.parent_code)];
      list.push_back({{"service_code", ServiceCode(c.kind, c.code)},
                      {"service_name", c.name},
                      {"description", group + " / " + c.name + " (" + c.standard + ")"},
                      {"metadata", true},
                      {"type", "realtime"},
                      {"keywords", group + "," + catalog::KindName(c.kind)},
                      {"group", group}});
    }
    return open311::Reply(200, f, "services", list);
  });

  AddFile(router, base + "/services",
          [&s](const http::Request& r, const std::string& code, Format f) {
            auto district = Jurisdiction(s, r.query);
            if (!district) return Fail(f, district.error());
            auto parsed = ParseServiceCode(code);
            std::optional<catalog::Category> found;
            if (parsed) {
              auto category = s.catalog->FindCategory(parsed->first, parsed->second);
              if (!category) return Fail(f, category.error());
              if (*category && (*category)->level >= 2) found = **category;
            }
            if (!found) return open311::ErrorReply(404, f, "service_code " + code + " not found");
            return open311::Reply(200, f, "service_definition",
                                  {{"service_code", code}, {"attributes", Attributes()}});
          });

  AddBoth(router, "POST", base + "/requests", [&s](const http::Request& r, Format f) {
    const Params p = AllParams(r);
    auto key = s.api_keys->Use(Get(p, "api_key"), "open311");
    if (!key) return Fail(f, key.error());
    const auto& [record, actor] = *key;
    auto district = Jurisdiction(s, p, record.district_code);
    if (!district) return Fail(f, district.error());
    if (*district != record.district_code) {
      return open311::ErrorReply(403, f,
                                 "this api_key is not issued for jurisdiction " + *district);
    }
    auto in = ReadSubmission(s, p, *district);
    if (!in) return Fail(f, in.error());
    auto located = s.areas->Locate(actor, geo::Point(*in->lng, *in->lat));
    if (!located || located->district.code != *district) {
      if (!located && located.error().code != base::Code::kNotFound) {
        return Fail(f, located.error());
      }
      return open311::ErrorReply(400, f,
                                 "lat/long: the location lies outside jurisdiction " + *district);
    }
    if (auto st = LimitReport(s, actor, r.remote_address, false); !st) return Fail(f, st.error());
    const std::string token = auth::NewToken().substr(0, 24);
    in->refs.push_back({kTokenSystem, token});
    auto view = s.cases->Report(actor, *in);
    if (!view) return Fail(f, view.error());
    return open311::Reply(200, f, "service_requests",
                          nlohmann::json::array({{{"service_request_id", view->c.number},
                                                  {"token", token},
                                                  {"service_notice", ""},
                                                  {"account_id", ""}}}));
  });

  AddFile(
      router, base + "/tokens", [&s](const http::Request& r, const std::string& token, Format f) {
        auto district = Jurisdiction(s, r.query);
        if (!district) return Fail(f, district.error());
        auto view = s.cases->FindPublicByRef({kTokenSystem, token});
        if (!view) return Fail(f, view.error());
        if (!*view || (*view)->c.district_code != *district) {
          return open311::ErrorReply(404, f, "token " + token + " not found");
        }
        return open311::Reply(
            200, f, "service_requests",
            nlohmann::json::array({{{"service_request_id", (*view)->c.number}, {"token", token}}}));
      });

  AddBoth(router, "GET", base + "/requests", [&s](const http::Request& r, Format f) {
    auto district = Jurisdiction(s, r.query);
    if (!district) return Fail(f, district.error());
    std::map<std::string, std::string> errors;
    cases::PublicQuery q;
    q.district_code = *district;
    q.limit = kMaxRequests;
    q.numbers = SplitList(Get(r.query, "service_request_id"));
    if (q.numbers.size() > 200) errors["service_request_id"] = "at most 200 ids";
    // With ids, the other filters do not apply (the spec).
    if (q.numbers.empty()) {
      for (const auto& code : SplitList(Get(r.query, "service_code"))) {
        auto parsed = ParseServiceCode(code);
        if (!parsed) {
          errors["service_code"] = "unknown service_code " + code;
        } else {
          q.category_codes.push_back(parsed->second);
        }
      }
      for (const auto& status : SplitList(Get(r.query, "status"))) {
        if (status == "open") {
          for (auto st : {cases::CaseState::kReported, cases::CaseState::kRegistered,
                          cases::CaseState::kDispatched, cases::CaseState::kInProgress,
                          cases::CaseState::kSuspended, cases::CaseState::kHandled,
                          cases::CaseState::kVerified}) {
            q.states.push_back(st);
          }
        } else if (status == "closed") {
          for (auto st : {cases::CaseState::kClosed, cases::CaseState::kRejected,
                          cases::CaseState::kMerged}) {
            q.states.push_back(st);
          }
        } else {
          errors["status"] = "open, closed or both comma-separated";
        }
      }
      for (const char* field : {"start_date", "end_date"}) {
        const std::string text = Get(r.query, field);
        if (text.empty()) continue;
        auto at = base::ParseIsoDateTime(text, kShanghaiOffsetMs);
        if (!at) {
          errors[field] = "a W3C date-time such as 2026-11-01T00:00:00+08:00";
        } else {
          (std::string(field) == "start_date" ? q.from : q.to) = *at;
        }
      }
      if (q.from && q.to && *q.to < *q.from) errors["end_date"] = "must not be before start_date";
      // Without dates, the last 90 days (the spec's default).
      if (!q.from && !q.to) q.from = s.clock->NowMs() - kDefaultDays * 86'400'000;
    }
    if (!errors.empty()) {
      return Fail(f, base::InvalidFields("the query is invalid", std::move(errors)).value());
    }
    auto views = s.cases->ListPublic(q);
    if (!views) return Fail(f, views.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& v : *views) list.push_back(RequestJson(v));
    return open311::Reply(200, f, "service_requests", list);
  });

  AddFile(router, base + "/requests",
          [&s](const http::Request& r, const std::string& id, Format f) {
            auto district = Jurisdiction(s, r.query);
            if (!district) return Fail(f, district.error());
            cases::PublicQuery q;
            q.district_code = *district;
            q.numbers = {id};
            q.limit = 1;
            auto views = s.cases->ListPublic(q);
            if (!views) return Fail(f, views.error());
            if (views->empty()) {
              return open311::ErrorReply(404, f, "service_request_id " + id + " not found");
            }
            return open311::Reply(200, f, "service_requests",
                                  nlohmann::json::array({RequestJson(views->front())}));
          });
}

}  // namespace civicgrid::api
