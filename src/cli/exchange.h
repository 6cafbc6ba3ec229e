// `civicgrid export` and `civicgrid import cases`: cases to .xlsx / CSV (the list API's filters)
// and finished cases from another system's CSV, all rows or none, with progress on stderr.
#pragma once

#include <string>

#include "cli/runtime.h"

namespace civicgrid::cli {

struct ExportOptions {
  std::string format = "xlsx";  // xlsx | csv
  std::string out;              // the file to write
  std::string state;            // as GET /cases: a state, a list, or "open"
  std::string area;
  int64_t department = 0;  // 0 = any
};

int RunExport(Runtime& rt, const ExportOptions& o);
int RunImportCases(Runtime& rt, const std::string& file);

}  // namespace civicgrid::cli
