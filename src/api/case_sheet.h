// Cases as a spreadsheet table (export to .xlsx and CSV, by the API and `civicgrid export`): one
// header row, then one row per case with what its viewer may see (phones already masked).
#pragma once

#include <vector>

#include "api/sheet.h"
#include "modules/cases/cases_service.h"

namespace civicgrid::api {

// The column keys of the header row (stable, English), in order.
const std::vector<const char*>& CaseSheetColumns();
std::vector<std::vector<SheetCell>> CaseSheet(const std::vector<cases::CaseView>& views);

}  // namespace civicgrid::api
