// JSON shapes of the API's resources (the DTOs): one function per resource.
#pragma once

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "modules/areas/area.h"
#include "modules/areas/areas_service.h"
#include "modules/auth/user.h"
#include "modules/cases/cases_service.h"
#include "modules/catalog/catalog.h"

namespace civicgrid::api {

// ISO 8601 in Asia/Shanghai with its offset, e.g. 2026-11-26T09:20:00+08:00.
std::string IsoTime(base::TimeMs t);

nlohmann::json AreaJson(const areas::Area& area, bool with_boundary);
nlohmann::json AreaBrief(const areas::Area& area);
nlohmann::json CategoryJson(const catalog::Category& c);
nlohmann::json DepartmentJson(const catalog::Department& d);
nlohmann::json UserJson(const auth::User& u);
nlohmann::json CaseJson(const cases::CaseView& v, bool with_history);
nlohmann::json EventJson(const cases::CaseEvent& e);

}  // namespace civicgrid::api
