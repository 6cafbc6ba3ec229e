// /api/v1/evaluation/*: indicators, rankings, the dashboard, the leaders' entries, presets and
// the exports (CSV with a BOM, .xlsx).
#include <cmath>

#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/sheet.h"

namespace civicgrid::api {
namespace {

using evaluation::IndicatorKind;

std::string Query(const http::Request& r, const char* key) {
  auto it = r.query.find(key);
  return it == r.query.end() ? "" : it->second;
}

// The subject named by area= | department_id= | user_id=.
base::Result<evaluation::SubjectInput> SubjectOf(const http::Request& r) {
  evaluation::SubjectInput in;
  in.area = Query(r, "area");
  for (const char* key : {"department_id", "user_id"}) {
    std::string v = Query(r, key);
    if (v.empty()) continue;
    auto id = ParseInt(v);
    if (!id) return base::InvalidArgument(key, "a number");
    (std::string(key) == "user_id" ? in.user_id : in.department_id) = *id;
  }
  return in;
}

// Runs fn(actor, subject, period) for a GET naming a subject and a period (from=, to=).
template <typename F>
http::Response WithSubject(const Services& s, const http::Request& r, F&& fn) {
  return WithActor(s, r, [&](const access::Actor& actor) {
    auto subject = SubjectOf(r);
    if (!subject) return ErrorResponse(subject.error());
    auto period = s.evaluation->ParsePeriod(Query(r, "from"), Query(r, "to"));
    if (!period) return ErrorResponse(period.error());
    return fn(actor, *subject, *period);
  });
}

nlohmann::json Value(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 1e6) / 1e6;
}

const char* KindName(IndicatorKind k) {
  switch (k) {
    case IndicatorKind::kCount:
      return "count";
    case IndicatorKind::kRate:
      return "rate";
    case IndicatorKind::kDurationMs:
      return "duration_ms";
  }
  return "count";
}

nlohmann::json PeriodJson(const evaluation::Period& p) {
  return {
      {"from", base::IsoDate(p.first_day)}, {"to", base::IsoDate(p.last_day)}, {"days", p.Days()}};
}

nlohmann::json SubjectJson(const evaluation::Subject& s) {
  return {{"kind", s.kind}, {"key", s.key}, {"name", s.name}};
}

nlohmann::json IndicatorsJson(const std::vector<evaluation::IndicatorValue>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values) {
    out.push_back({{"key", v.def->key},
                   {"name", v.def->name_zh},
                   {"kind", KindName(v.def->kind)},
                   {"formula", v.def->formula},
                   {"lower_is_better", v.def->lower_is_better},
                   {"value", Value(v.value)}});
  }
  return out;
}

nlohmann::json ScoreJson(const evaluation::Score& s) {
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : s.parts) {
    parts.push_back({{"component", p.ref},
                     {"weight", p.weight},
                     {"value", Value(p.value)},
                     {"points", Value(p.value ? std::optional<double>(p.points) : std::nullopt)}});
  }
  return {{"total", Value(s.total)}, {"parts", parts}};
}

nlohmann::json CountersJson(const evaluation::Counters& c) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : c)
    out[k] = v.ms ? nlohmann::json{{"n", v.n}, {"ms", v.ms}} : nlohmann::json(v.n);
  return out;
}

nlohmann::json EntryJson(const evaluation::Entry& e) {
  return {{"id", e.id},
          {"kind", e.kind},
          {"points", e.points},
          {"reason", e.reason},
          {"by_user", e.by_user},
          {"from", base::IsoDate(e.first_day)},
          {"to", base::IsoDate(e.last_day)},
          {"created_at", IsoTime(e.created_at)}};
}

nlohmann::json ReportJson(const evaluation::Report& r) {
  nlohmann::json scores = nlohmann::json::object();
  for (const auto& [key, score] : r.scores) scores[key] = ScoreJson(score);
  return {{"subject", SubjectJson(r.subject)},
          {"period", PeriodJson(r.period)},
          {"indicators", IndicatorsJson(r.indicators)},
          {"scores", scores},
          {"counters", CountersJson(r.counters)}};
}

nlohmann::json RankingJson(const evaluation::Ranking& k) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : k.rows) {
    nlohmann::json indicators = nlohmann::json::object();
    for (const auto& v : row.indicators) indicators[v.def->key] = Value(v.value);
    rows.push_back(
        {{"rank", row.rank ? nlohmann::json(row.rank) : nlohmann::json(nullptr)},
         {"previous_rank",
          row.previous_rank ? nlohmann::json(row.previous_rank) : nlohmann::json(nullptr)},
         {"rank_change", row.rank && row.previous_rank
                             ? nlohmann::json(row.previous_rank - row.rank)
                             : nlohmann::json(nullptr)},
         {"subject", SubjectJson(row.subject)},
         {"score", Value(row.score)},
         {"previous_score", Value(row.previous_score)},
         {"change", row.score && row.previous_score ? Value(*row.score - *row.previous_score)
                                                    : nlohmann::json(nullptr)},
         {"indicators", indicators}});
  }
  return {{"preset", {{"key", k.preset->key}, {"name", k.preset->name}}},
          {"period", PeriodJson(k.period)},
          {"previous_period", PeriodJson(k.previous)},
          {"rows", rows}};
}

base::Result<evaluation::RankInput> RankInputOf(const Services& s, const http::Request& r) {
  evaluation::RankInput in;
  in.area = Query(r, "area");
  std::string of = Query(r, "of");
  if (of != "" && of != "children" && of != "departments") {
    return base::InvalidArgument("of", "children or departments");
  }
  in.departments = of == "departments";
  in.preset = Query(r, "preset");
  if (in.preset.empty()) in.preset = in.departments ? "department" : "regional";
  std::string rollup = Query(r, "rollup");
  if (rollup != "" && rollup != "true" && rollup != "false") {
    return base::InvalidArgument("rollup", "true or false");
  }
  in.rollup = rollup == "true";
  if (in.area.empty())
    return base::InvalidArgument("area", "required: the area whose parts are ranked");
  auto period = s.evaluation->ParsePeriod(Query(r, "from"), Query(r, "to"));
  if (!period) return tl::unexpected(period.error());
  in.period = *period;
  return in;
}

// The ranking as a table: rank, name, score, change, then every indicator.
std::vector<std::vector<SheetCell>> RankingTable(const evaluation::Ranking& k) {
  std::vector<std::vector<SheetCell>> rows;
  std::vector<SheetCell> head = {SheetCell::Text("名次"), SheetCell::Text("对象"),
                                 SheetCell::Text("得分"), SheetCell::Text("上期得分"),
                                 SheetCell::Text("名次变化")};
  for (const auto& d : evaluation::Indicators()) head.push_back(SheetCell::Text(d.name_zh));
  rows.push_back(head);
  auto num = [](const std::optional<double>& v) {
    return v ? SheetCell::Number(std::round(*v * 10000) / 10000) : SheetCell::Text("");
  };
  for (const auto& row : k.rows) {
    std::vector<SheetCell> cells = {
        row.rank ? SheetCell::Number(row.rank) : SheetCell::Text(""),
        SheetCell::Text(row.subject.name), num(row.score), num(row.previous_score),
        row.rank && row.previous_rank ? SheetCell::Number(row.previous_rank - row.rank)
                                      : SheetCell::Text("")};
    for (const auto& v : row.indicators) cells.push_back(num(v.value));
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace

void AddEvaluationRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/evaluation/presets",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor&) {
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& p : s.evaluation->Presets()) {
                   nlohmann::json parts = nlohmann::json::array();
                   for (const auto& c : p.components) {
                     parts.push_back(
                         {{"component", c.ref}, {"weight", c.weight}, {"negative", c.negative}});
                   }
                   items.push_back({{"key", p.key}, {"name", p.name}, {"components", parts}});
                 }
                 nlohmann::json indicators = nlohmann::json::array();
                 for (const auto& d : evaluation::Indicators()) {
                   indicators.push_back({{"key", d.key},
                                         {"name", d.name_zh},
                                         {"kind", KindName(d.kind)},
                                         {"formula", d.formula},
                                         {"lower_is_better", d.lower_is_better}});
                 }
                 return JsonResponse(200, {{"presets", items}, {"indicators", indicators}});
               });
             });

  router.Add("GET", "/api/v1/evaluation/indicators",
             [&s](const http::Request& r, const http::Params&) {
               return WithSubject(
                   s, r, [&](const access::Actor& actor, const auto& subject, const auto& period) {
                     auto report = s.evaluation->Indicators(actor, subject, period);
                     if (!report) return ErrorResponse(report.error());
                     return JsonResponse(200, ReportJson(*report));
                   });
             });

  router.Add("GET", "/api/v1/evaluation/ranking",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto in = RankInputOf(s, r);
                 if (!in) return ErrorResponse(in.error());
                 auto ranking = s.evaluation->Rank(actor, *in);
                 if (!ranking) return ErrorResponse(ranking.error());
                 return JsonResponse(200, RankingJson(*ranking));
               });
             });

  // The ranking as a spreadsheet: .csv (UTF-8 with a BOM, for Excel) or .xlsx.
  for (const char* format : {"csv", "xlsx"}) {
    router.Add("GET", std::string("/api/v1/evaluation/ranking.") + format,
               [&s, format](const http::Request& r, const http::Params&) {
                 return WithActor(s, r, [&](const access::Actor& actor) {
                   auto in = RankInputOf(s, r);
                   if (!in) return ErrorResponse(in.error());
                   auto ranking = s.evaluation->Rank(actor, *in);
                   if (!ranking) return ErrorResponse(ranking.error());
                   auto table = RankingTable(*ranking);
                   std::string name = "evaluation-" + base::IsoDate(ranking->period.first_day) +
                                      "-" + base::IsoDate(ranking->period.last_day);
                   http::Response res;
                   if (std::string(format) == "csv") {
                     res.content_type = "text/csv; charset=utf-8";
                     res.body = CsvWithBom(table);
                   } else {
                     auto book = XlsxBook(ranking->preset->name, table);
                     if (!book) return ErrorResponse(book.error());
                     res.content_type =
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                     res.body = std::move(*book);
                   }
                   res.headers.emplace_back("Content-Disposition",
                                            "attachment; filename=\"" + name + "." + format + "\"");
                   return res;
                 });
               });
  }

  router.Add("GET", "/api/v1/evaluation/dashboard",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto period = s.evaluation->ParsePeriod(Query(r, "from"), Query(r, "to"));
                 if (!period) return ErrorResponse(period.error());
                 std::string area = Query(r, "area");
                 if (area.empty()) area = actor.area_code;
                 auto d = s.evaluation->DashboardOf(actor, area, *period);
                 if (!d) return ErrorResponse(d.error());
                 nlohmann::json days = nlohmann::json::array();
                 for (const auto& p : d->days) {
                   nlohmann::json values = nlohmann::json::object();
                   for (const char* key : {"reports", "closures", "satisfaction_rate",
                                           "closure_on_time_rate", "public_reports"}) {
                     values[key] = Value(evaluation::Compute(key, p.counters));
                   }
                   days.push_back({{"date", base::IsoDate(p.day)}, {"values", values}});
                 }
                 nlohmann::json out = ReportJson(d->report);
                 out["days"] = days;
                 out["intake"] = CountersJson(d->intake);
                 return JsonResponse(200, out);
               });
             });

  router.Add("POST", "/api/v1/evaluation/entries",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto body = ParseObject(r.body, false);
                 if (!body) return ErrorResponse(body.error());
                 Fields f(*body);
                 evaluation::EntryInput in;
                 in.subject.area = f.String("area");
                 in.subject.department_id = f.Integer("department_id");
                 in.kind = f.String("kind", true);
                 in.points = f.Number("points", true).value_or(-1);
                 in.reason = f.String("reason");
                 std::string from = f.String("from");
                 std::string to = f.String("to");
                 if (auto st = f.Check(); !st) return ErrorResponse(st.error());
                 auto period = s.evaluation->ParsePeriod(from, to);
                 if (!period) return ErrorResponse(period.error());
                 in.period = *period;
                 auto e = s.evaluation->AddEntry(actor, in);
                 if (!e) return ErrorResponse(e.error());
                 return JsonResponse(201, EntryJson(*e));
               });
             });

  router.Add("GET", "/api/v1/evaluation/entries",
             [&s](const http::Request& r, const http::Params&) {
               return WithSubject(
                   s, r, [&](const access::Actor& actor, const auto& subject, const auto& period) {
                     auto entries = s.evaluation->Entries(actor, subject, period);
                     if (!entries) return ErrorResponse(entries.error());
                     nlohmann::json items = nlohmann::json::array();
                     for (const auto& e : *entries) items.push_back(EntryJson(e));
                     return JsonResponse(200, {{"items", items}});
                   });
             });
}

}  // namespace civicgrid::api
