// CasesService::ImportHistoryCsv: finished cases from another system (docs/exchange.md).
#include <cmath>
#include <set>

#include "base/csv.h"
#include "base/iso_time.h"
#include "modules/areas/area_code.h"
#include "modules/cases/cases_service.h"

namespace civicgrid::cases {
namespace {

using access::Role;

constexpr size_t kMaxNumberBytes = 40;
constexpr size_t kMaxTextBytes = 4000;
constexpr size_t kMaxAddressBytes = 500;

std::string Line(const base::CsvRow& r) { return "line " + std::to_string(r.line); }

std::optional<double> Number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

base::Result<int64_t> CasesService::ImportHistoryCsv(const access::Actor& actor,
                                                     std::string_view text,
                                                     const Progress& progress) {
  if (actor.role != Role::kAdmin && actor.role != Role::kDistrictManager &&
      actor.role != Role::kSystem) {
    return base::PermissionDenied("only an administrator or a district centre imports cases");
  }
  auto table = base::ParseCsv(text);
  if (!table) return tl::unexpected(table.error());
  if (auto st = base::RequireColumns(
          *table, {"category_code", "description", "lng", "lat", "reported_at", "closed_at"});
      !st) {
    return tl::unexpected(st.error());
  }
  const base::TimeMs now = clock_.NowMs();
  const int64_t total = static_cast<int64_t>(table->rows.size());
  std::map<std::string, std::string> errors;
  std::vector<ImportedCase> out;
  out.reserve(table->rows.size());
  std::set<std::string> numbers;
  std::map<std::string, std::string> line_of_number;
  int64_t checked = 0;
  for (const auto& r : table->rows) {
    if (progress && ++checked % 1000 == 0) progress("checked", checked, total);
    auto cell = [&](const char* name) { return table->Cell(r, name); };
    auto fail = [&](const std::string& why) {
      errors.emplace(Line(r), why);
      return true;
    };
    Case c;
    c.number = cell("number");
    if (c.number.size() > kMaxNumberBytes && fail("number: at most 40 bytes")) continue;
    if (!c.number.empty() && !numbers.insert(c.number).second &&
        fail("number: " + c.number + " appears twice in the file")) {
      continue;
    }
    auto kind =
        catalog::ParseKind(cell("category_kind").empty() ? "matter" : cell("category_kind"));
    if (!kind && fail("category_kind: must be matter or component")) continue;
    auto category = catalog_.FindCategory(*kind, cell("category_code"));
    if (!category) return tl::unexpected(category.error());
    if ((!*category || (*category)->level < 2) &&
        fail("category_code: no " + std::string(catalog::KindName(*kind)) + " type " +
             cell("category_code"))) {
      continue;
    }
    c.category_kind = *kind;
    c.category_code = cell("category_code");
    c.description = cell("description");
    if ((c.description.empty() || c.description.size() > kMaxTextBytes) &&
        fail("description: required, at most 4000 bytes")) {
      continue;
    }
    c.address = cell("address");
    if (c.address.size() > kMaxAddressBytes && fail("address: at most 500 bytes")) continue;
    auto channel = ParseChannel(cell("channel").empty() ? "resident" : cell("channel"));
    if (!channel && fail("channel: must be patrol, resident, hotline, group or leader")) continue;
    c.channel = *channel;
    auto urgency = catalog::ParseUrgency(cell("urgency").empty() ? "normal" : cell("urgency"));
    if (!urgency && fail("urgency: must be normal or urgent")) continue;
    c.urgency = *urgency;
    c.reporter_phone = cell("reporter_phone");
    if (c.reporter_phone.find_first_not_of("0123456789+-") != std::string::npos &&
        fail("reporter_phone: digits only")) {
      continue;
    }
    auto lng = Number(cell("lng")), lat = Number(cell("lat"));
    if ((!lng || !lat || *lng < -180 || *lng > 180 || *lat < -90 || *lat > 90) &&
        fail("lng, lat: WGS-84 decimal degrees")) {
      continue;
    }
    c.lng = *lng;
    c.lat = *lat;
    auto reported = base::ParseIsoDateTime(cell("reported_at"), calendar_.OffsetMs());
    auto closed = base::ParseIsoDateTime(cell("closed_at"), calendar_.OffsetMs());
    if (!reported && fail("reported_at: a date-time such as 2025-06-01T09:30:00+08:00")) continue;
    if (!closed && fail("closed_at: a date-time such as 2025-06-03T17:00:00+08:00")) continue;
    if (*closed < *reported && fail("closed_at: before reported_at")) continue;
    if (*closed > now && fail("closed_at: in the future")) continue;
    std::optional<Satisfaction> satisfaction;
    if (!cell("satisfaction").empty()) {
      satisfaction = ParseSatisfaction(cell("satisfaction"));
      if (!satisfaction &&
          fail("satisfaction: satisfied, basically_satisfied or unsatisfied, or empty")) {
        continue;
      }
    }
    auto located = areas_.Locate(actor, geo::Point(c.lng, c.lat));
    if (!located && located.error().code != base::Code::kNotFound) {
      return tl::unexpected(located.error());
    }
    if (!located && fail("lng, lat: the point lies outside every grid")) continue;
    if (actor.role == Role::kDistrictManager &&
        !areas::Within(actor.area_code, located->grid.code) &&
        fail("lng, lat: outside your district " + actor.area_code)) {
      continue;
    }
    c.district_code = located->district.code;
    c.street_code = located->street.code;
    c.community_code = located->community.code;
    c.grid_code = located->grid.code;
    c.state = CaseState::kClosed;
    c.created_at = *reported;
    c.updated_at = *closed;
    c.closed_at = *closed;
    c.satisfaction = satisfaction;
    if (!c.number.empty()) line_of_number[c.number] = Line(r);

    // The history: reported, closed, and rated when the file says so. The importing operator is
    // named but credited with nothing (role system): the work was done elsewhere.
    auto event = [&](const char* action, base::TimeMs at, std::optional<CaseState> from,
                     CaseState to) {
      CaseEvent e;
      e.action = action;
      e.actor_id = actor.user_id;
      e.actor_role = "system";
      e.actor_name = "import:" + actor.username;
      e.at = at;
      e.from_state = from;
      e.to_state = to;
      e.details["imported"] = "true";
      return e;
    };
    ImportedCase item;
    item.number_prefix = CaseNumberPrefix(c.district_code, c.created_at, calendar_);
    item.events.push_back(event("report", c.created_at, std::nullopt, CaseState::kReported));
    item.events.back().note = c.description;
    item.events.back().details["channel"] = ChannelName(c.channel);
    item.events.push_back(event("close", c.closed_at, CaseState::kRegistered, CaseState::kClosed));
    if (satisfaction) {
      item.events.push_back(event("rate", c.closed_at, CaseState::kClosed, CaseState::kClosed));
      item.events.back().details["satisfaction"] = SatisfactionName(*satisfaction);
    }
    for (const auto& e : item.events) {
      item.effects.push_back({{}, StatsFor(c, std::nullopt, e, calendar_.LocalDay(e.at)), {}, ""});
    }
    item.c = std::move(c);
    out.push_back(std::move(item));
  }
  // Numbers already taken here.
  std::vector<std::string> given(numbers.begin(), numbers.end());
  for (size_t i = 0; i < given.size(); i += 200) {
    CaseQuery q;
    q.numbers.assign(given.begin() + static_cast<std::ptrdiff_t>(i),
                     given.begin() + static_cast<std::ptrdiff_t>(std::min(i + 200, given.size())));
    q.limit = 200;
    auto page = repo_.ListCases(q);
    if (!page) return tl::unexpected(page.error());
    for (const auto& c : page->items) {
      errors.emplace(line_of_number[c.number], "number: " + c.number + " exists already");
    }
  }
  if (!errors.empty()) return base::RejectedRows(std::move(errors));
  if (progress) progress("checked", total, total);
  auto st = repo_.ImportCases(out, [&](int64_t written) {
    if (progress) progress("written", written, total);
  });
  if (!st) return tl::unexpected(st.error());
  if (progress) progress("written", total, total);
  return total;
}

}  // namespace civicgrid::cases
