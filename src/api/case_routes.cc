// /api/v1/cases/*, /api/v1/attachments/*, /api/v1/health.
#include <limits>

#include "api/case_sheet.h"
#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {
namespace {

std::optional<int64_t> CaseId(const http::Params& p) {
  auto id = ParseInt(p.at("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

// The filters of GET /cases and /cases/stats: state, area, department, overdue, page, page_size.
base::Result<cases::ListInput> ParseListQuery(const http::Request& r) {
  cases::ListInput in;
  std::map<std::string, std::string> errors;
  auto q = [&](const char* name) {
    auto it = r.query.find(name);
    return it == r.query.end() ? std::string() : it->second;
  };
  in.state = q("state");
  in.area = q("area");
  if (!q("department").empty()) {
    in.department_id = ParseInt(q("department"));
    if (!in.department_id) errors["department"] = "must be a department id";
  }
  std::string overdue = q("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false") {
    errors["overdue"] = "must be true or false";
  }
  in.overdue_only = overdue == "true";
  if (!q("page").empty()) {
    auto page = ParseInt(q("page"));
    if (!page || *page < 1 || *page > 1000000) errors["page"] = "must be a whole number ≥ 1";
    in.page = static_cast<int>(page.value_or(1));
  }
  if (!q("page_size").empty()) {
    auto size = ParseInt(q("page_size"));
    if (!size || *size < 1 || *size > 200) errors["page_size"] = "must be 1..200";
    in.page_size = static_cast<int>(size.value_or(20));
  }
  if (!errors.empty()) return base::InvalidFields("the query is invalid", std::move(errors));
  return in;
}

// Values outside int's range become 0, which every int field rejects as out of range.
int ToInt(int64_t v) {
  return v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max()
             ? static_cast<int>(v)
             : 0;
}

http::Response NoCase(const std::string& id) {
  return ErrorResponse(base::NotFound("no case " + id).value());
}

}  // namespace

void AddCaseRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/health", [&s](const http::Request&, const http::Params&) {
    return JsonResponse(200, {{"status", "ok"},
                              {"time", IsoTime(s.clock->NowMs())},
                              {"scheduler", s.scheduler_state ? s.scheduler_state() : "off"}});
  });

  router.Add("POST", "/api/v1/cases", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto body = ParseObject(r.body, false);
      if (!body) return ErrorResponse(body.error());
      Fields f(*body);
      cases::ReportInput in;
      in.category_code = f.String("category_code");
      in.category_kind = f.String("category_kind");
      in.description = f.String("description");
      in.lng = f.Number("lng");
      in.lat = f.Number("lat");
      in.channel = f.String("channel");
      in.urgency = f.String("urgency");
      in.address = f.String("address");
      in.reporter_phone = f.String("reporter_phone");
      in.anonymous = f.Bool("anonymous").value_or(false);
      in.attachment_ids = f.StringArray("attachment_ids");
      if (auto st = f.Check(); !st) return ErrorResponse(st.error());
      if (auto st = LimitReport(s, actor, r.remote_address); !st) return ErrorResponse(st.error());
      auto view = s.cases->Report(actor, in);
      if (!view) return ErrorResponse(view.error());
      auto j = CaseJson(*view, true);
      return JsonResponse(201, j);
    });
  });

  router.Add("GET", "/api/v1/cases", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto in = ParseListQuery(r);
      if (!in) return ErrorResponse(in.error());
      auto list = s.cases->List(actor, *in);
      if (!list) return ErrorResponse(list.error());
      nlohmann::json items = nlohmann::json::array();
      for (const auto& v : list->items) items.push_back(CaseJson(v, false));
      return JsonResponse(
          200, {{"items", items}, {"total", list->total}, {"total_capped", list->total_capped}});
    });
  });

  router.Add("GET", "/api/v1/cases/stats", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto in = ParseListQuery(r);
      if (!in) return ErrorResponse(in.error());
      std::string by = r.query.count("by") ? r.query.at("by") : "state";
      auto counts = s.cases->Count(actor, *in, by);
      if (!counts) return ErrorResponse(counts.error());
      nlohmann::json items = nlohmann::json::array();
      int64_t total = 0;
      for (const auto& [key, count] : *counts) {
        items.push_back({{"key", key}, {"count", count}});
        total += count;
      }
      return JsonResponse(200, {{"by", by}, {"items", items}, {"total", total}});
    });
  });

  // Finished cases from another system, as CSV (docs/exchange.md): all rows or none.
  router.Add("POST", "/api/v1/cases/import", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto count = s.cases->ImportHistoryCsv(actor, r.body);
      if (!count) return ErrorResponse(count.error());
      return JsonResponse(201, {{"imported", *count}});
    });
  });

  // The list's cases as a spreadsheet (every page at once; the same filters). Before
  // /cases/{id}, which would take "export.xlsx" for an id.
  for (const char* format : {"xlsx", "csv"}) {
    router.Add("GET", std::string("/api/v1/cases/export.") + format,
               [&s, format](const http::Request& r, const http::Params&) {
                 return WithActor(s, r, [&](const access::Actor& actor) {
                   auto in = ParseListQuery(r);
                   if (!in) return ErrorResponse(in.error());
                   auto views = s.cases->Export(actor, *in);
                   if (!views) {
                     if (views.error().code == base::Code::kResourceExhausted) {
                       return ErrorReply(422, "too_many_rows", views.error().message);
                     }
                     return ErrorResponse(views.error());
                   }
                   auto table = CaseSheet(*views);
                   http::Response res;
                   if (std::string(format) == "csv") {
                     res.content_type = "text/csv; charset=utf-8";
                     res.body = CsvWithBom(table);
                   } else {
                     auto book = XlsxBook("cases", table);
                     if (!book) return ErrorResponse(book.error());
                     res.content_type =
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                     res.body = std::move(*book);
                   }
                   res.headers.emplace_back(
                       "Content-Disposition",
                       std::string("attachment; filename=\"cases.") + format + "\"");
                   return res;
                 });
               });
  }

  router.Add("GET", "/api/v1/cases/{id}", [&s](const http::Request& r, const http::Params& p) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto id = CaseId(p);
      if (!id) return NoCase(p.at("id"));
      auto view = s.cases->Get(actor, *id);
      if (!view) return ErrorResponse(view.error());
      return JsonResponse(200, CaseJson(*view, true));
    });
  });

  router.Add("POST", "/api/v1/cases/{id}/actions/{action}",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto id = CaseId(p);
                 if (!id) return NoCase(p.at("id"));
                 auto body = ParseObject(r.body, true);
                 if (!body) return ErrorResponse(body.error());
                 Fields f(*body);
                 cases::ActionInput in;
                 in.reason = f.String("reason");
                 in.note = f.String("note");
                 in.department_id = f.Integer("department_id");
                 in.assisting_department_ids = f.IntegerArray("assisting_department_ids");
                 in.attachment_ids = f.StringArray("attachment_ids");
                 in.result = f.String("result");
                 if (auto v = f.Integer("score")) in.score = ToInt(*v);
                 in.satisfaction = f.String("satisfaction");
                 in.solved = f.Bool("solved");
                 if (auto v = f.Integer("hours")) in.hours = ToInt(*v);
                 in.into_case_id = f.Integer("into_case_id");
                 if (auto st = f.Check(); !st) return ErrorResponse(st.error());
                 auto view = s.cases->Act(actor, *id, p.at("action"), in);
                 if (!view) return ErrorResponse(view.error());
                 return JsonResponse(200, CaseJson(*view, true));
               });
             });

  router.Add("POST", "/api/v1/attachments", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto a = s.cases->Upload(actor, r.body, r.Header("content-type"));
      if (!a) return ErrorResponse(a.error());
      return JsonResponse(201, {{"id", a->id},
                                {"content_type", a->content_type},
                                {"size", a->size},
                                {"url", "/api/v1/attachments/" + a->id}});
    });
  });

  router.Add("GET", "/api/v1/attachments/{id}",
             [&s](const http::Request& r, const http::Params& p) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto found = s.cases->Download(actor, p.at("id"));
                 if (!found) return ErrorResponse(found.error());
                 http::Response res;
                 res.content_type = found->first.content_type;
                 res.body = std::move(found->second);
                 res.headers.emplace_back("Cache-Control", "private, max-age=86400");
                 return res;
               });
             });
}

}  // namespace civicgrid::api
