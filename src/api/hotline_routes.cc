// The 12345 hotline: the seat's duplicate check before an operator saves a call (the call itself
// is POST /api/v1/cases with channel "hotline" and the caller's phone), and work orders pushed by
// a city hotline system with an API key, idempotent on their external id.
#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {
namespace {

std::optional<int> IntParam(const http::Request& r, const char* name, int fallback,
                            std::map<std::string, std::string>& errors) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty()) return fallback;
  auto v = ParseInt(it->second);
  if (!v || *v < 0 || *v > 1'000'000) {
    errors[name] = "must be a whole number";
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<double> NumberParam(const http::Request& r, const char* name) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  if (end != it->second.c_str() + it->second.size()) return std::nullopt;
  return v;
}

}  // namespace

void AddHotlineRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/hotline/duplicates",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 std::map<std::string, std::string> errors;
                 cases::DuplicateQuery q;
                 auto get = [&](const char* name) {
                   auto it = r.query.find(name);
                   return it == r.query.end() ? std::string() : it->second;
                 };
                 q.category_code = get("category_code");
                 q.category_kind = get("category_kind");
                 q.lng = NumberParam(r, "lng");
                 q.lat = NumberParam(r, "lat");
                 q.radius_m = IntParam(r, "radius_m", 200, errors).value_or(0);
                 q.hours = IntParam(r, "hours", 72, errors).value_or(0);
                 if (!errors.empty()) {
                   return ErrorResponse(
                       base::InvalidFields("the query is invalid", std::move(errors)).value());
                 }
                 auto found = s.cases->LikelyDuplicates(actor, q);
                 if (!found) return ErrorResponse(found.error());
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& v : *found) items.push_back(CaseJson(v, false));
                 return JsonResponse(200, {{"items", items}});
               });
             });

  // A city hotline system's work order: X-Api-Key (a hotline key) and JSON
  // {external_id, category_code, category_kind?, description, lng, lat, address?, caller_phone?,
  //  urgency?}. 201 with the new case; 200 with the same case when the id came before.
  router.Add("POST", "/api/v1/hotline/work-orders",
             [&s](const http::Request& r, const http::Params&) {
               auto key = s.api_keys->Use(r.Header("x-api-key"), "hotline");
               if (!key) {
                 if (key.error().code == base::Code::kResourceExhausted) {
                   return ErrorReply(429, "rate_limited", key.error().message);
                 }
                 return ErrorResponse(key.error());
               }
               const auto& [record, actor] = *key;
               auto body = ParseObject(r.body, false);
               if (!body) return ErrorResponse(body.error());
               Fields f(*body);
               const std::string external_id = f.String("external_id", true);
               cases::ReportInput in;
               in.channel = "hotline";
               in.category_code = f.String("category_code", true);
               in.category_kind = f.String("category_kind");
               in.description = f.String("description", true);
               in.lng = f.Number("lng", true);
               in.lat = f.Number("lat", true);
               in.address = f.String("address");
               in.reporter_phone = f.String("caller_phone");
               in.urgency = f.String("urgency");
               if (auto st = f.Check(); !st) return ErrorResponse(st.error());
               in.refs.push_back({"hotline:" + std::to_string(record.id), external_id});
               auto view = s.cases->Report(actor, in);
               if (!view) return ErrorResponse(view.error());
               nlohmann::json out = CaseJson(*view, false);
               out["external_id"] = external_id;
               return JsonResponse(view->existing ? 200 : 201, out);
             });
}

}  // namespace civicgrid::api
