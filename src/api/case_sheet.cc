#include "api/case_sheet.h"

#include "api/dto.h"

namespace civicgrid::api {

const std::vector<const char*>& CaseSheetColumns() {
  static const std::vector<const char*> kColumns = {
      "number",        "state",         "channel",        "urgency",      "category_kind",
      "category_code", "category_name", "description",    "address",      "lng",
      "lat",           "street_code",   "community_code", "grid_code",    "department",
      "reported_at",   "deadline",      "closed_at",      "satisfaction", "reporter_phone"};
  return kColumns;
}

std::vector<std::vector<SheetCell>> CaseSheet(const std::vector<cases::CaseView>& views) {
  std::vector<std::vector<SheetCell>> rows;
  rows.reserve(views.size() + 1);
  std::vector<SheetCell> header;
  for (const char* name : CaseSheetColumns()) header.push_back(SheetCell::Text(name));
  rows.push_back(std::move(header));
  auto text = [](std::string t) { return SheetCell::Text(std::move(t)); };
  for (const auto& v : views) {
    const cases::Case& c = v.c;
    rows.push_back({text(c.number),
                    text(cases::StateName(c.state)),
                    text(cases::ChannelName(c.channel)),
                    text(catalog::UrgencyName(c.urgency)),
                    text(catalog::KindName(c.category_kind)),
                    text(c.category_code),
                    text(v.category ? v.category->name : ""),
                    text(c.description),
                    text(c.address),
                    SheetCell::Number(c.lng),
                    SheetCell::Number(c.lat),
                    text(c.street_code),
                    text(c.community_code),
                    text(c.grid_code),
                    text(v.department ? v.department->name : ""),
                    text(IsoTime(c.created_at)),
                    text(c.deadline_at ? IsoTime(c.deadline_at) : ""),
                    text(c.closed_at ? IsoTime(c.closed_at) : ""),
                    text(c.satisfaction ? cases::SatisfactionName(*c.satisfaction) : ""),
                    text(c.reporter_phone)});
  }
  return rows;
}

}  // namespace civicgrid::api
