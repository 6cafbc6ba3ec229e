// /api/v1/categories, /departments, /time-limits, /responsibility.
#include "api/dto.h"
#include "api/handler_util.h"

namespace civicgrid::api {
namespace {

template <typename T, typename F>
http::Response ListOf(const base::Result<std::vector<T>>& rows, F&& to_json) {
  if (!rows) return ErrorResponse(rows.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : *rows) items.push_back(to_json(row));
  return JsonResponse(200, {{"items", items}, {"total", items.size()}});
}

nlohmann::json TimeLimitJson(const catalog::TimeLimitRule& r) {
  return {{"kind", r.kind ? catalog::KindName(*r.kind) : "*"},
          {"code", r.code},
          {"urgency", catalog::UrgencyName(r.urgency)},
          {"stage", catalog::StageName(r.stage)},
          {"duration", r.duration.amount},
          {"unit", base::DurationUnitName(r.duration.unit)},
          {"source", r.source}};
}

nlohmann::json RuleJson(const catalog::ResponsibilityRule& r) {
  return {{"id", r.id},
          {"category_kind", r.kind ? catalog::KindName(*r.kind) : "*"},
          {"category_code", r.category_code},
          {"area_code", r.area_code},
          {"department_id", r.department_id},
          {"assisting_department_ids", r.assisting_department_ids}};
}

// POST bodies of CSV imports: the CSV text itself (text/csv).
template <typename F>
http::Response Import(const Services& s, const http::Request& r, F&& import) {
  return WithActor(s, r, [&](const access::Actor& actor) {
    auto count = import(actor, r.body);
    if (!count) return ErrorResponse(count.error());
    return JsonResponse(200, {{"imported", *count}});
  });
}

}  // namespace

void AddCatalogRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/categories", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& a) {
      return ListOf(s.catalog->Categories(a), CategoryJson);
    });
  });
  router.Add("GET", "/api/v1/departments", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& a) {
      return ListOf(s.catalog->Departments(a), DepartmentJson);
    });
  });
  router.Add("GET", "/api/v1/time-limits", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& a) {
      return ListOf(s.catalog->TimeLimits(a), TimeLimitJson);
    });
  });
  router.Add("GET", "/api/v1/responsibility", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& a) {
      return ListOf(s.catalog->Responsibility(a), RuleJson);
    });
  });
  router.Add("GET", "/api/v1/responsibility.csv",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& a) {
                 auto csv = s.catalog->ExportResponsibilityCsv(a);
                 if (!csv) return ErrorResponse(csv.error());
                 http::Response res;
                 res.content_type = "text/csv; charset=utf-8";
                 res.body = "\xEF\xBB\xBF" + *csv;  // BOM: Excel then reads UTF-8
                 return res;
               });
             });
  router.Add("POST", "/api/v1/categories/import",
             [&s](const http::Request& r, const http::Params&) {
               return Import(s, r, [&](const access::Actor& a, const std::string& body) {
                 return s.catalog->ImportCategoriesCsv(a, body);
               });
             });
  router.Add("POST", "/api/v1/departments/import",
             [&s](const http::Request& r, const http::Params&) {
               return Import(s, r, [&](const access::Actor& a, const std::string& body) {
                 return s.catalog->ImportDepartmentsCsv(a, body);
               });
             });
  router.Add("POST", "/api/v1/time-limits/import",
             [&s](const http::Request& r, const http::Params&) {
               return Import(s, r, [&](const access::Actor& a, const std::string& body) {
                 return s.catalog->ImportTimeLimitsCsv(a, body);
               });
             });
  router.Add("POST", "/api/v1/responsibility/import",
             [&s](const http::Request& r, const http::Params&) {
               return Import(s, r, [&](const access::Actor& a, const std::string& body) {
                 return s.catalog->ImportResponsibilityCsv(a, body);
               });
             });
}

}  // namespace civicgrid::api
