#include "cli/exchange.h"

#include <fstream>
#include <iostream>

#include "api/case_sheet.h"

namespace civicgrid::cli {
namespace {

int Fail(const base::Error& e) {
  std::cerr << "civicgrid: " << e.message << "\n";
  for (const auto& [field, reason] : e.fields) std::cerr << "  " << field << ": " << reason << "\n";
  return 1;
}

}  // namespace

int RunExport(Runtime& rt, const ExportOptions& o) {
  cases::ListInput in;
  in.state = o.state;
  in.area = o.area;
  if (o.department > 0) in.department_id = o.department;
  auto views = rt.Cases().Export(access::SystemActor(), in);
  if (!views) return Fail(views.error());
  auto table = api::CaseSheet(*views);
  std::string bytes;
  if (o.format == "csv") {
    bytes = api::CsvWithBom(table);
  } else {
    auto book = api::XlsxBook("cases", table);
    if (!book) return Fail(book.error());
    bytes = std::move(*book);
  }
  std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) return Fail({base::Code::kUnavailable, "cannot write " + o.out, {}, {}});
  std::cout << "exported " << views->size() << " cases to " << o.out << "\n";
  return 0;
}

int RunImportCases(Runtime& rt, const std::string& file) {
  auto text = ReadFile(file);
  if (!text) return Fail(text.error());
  auto count = rt.Cases().ImportHistoryCsv(
      access::SystemActor(), *text, [](const char* phase, int64_t done, int64_t total) {
        std::cerr << "\r" << phase << " " << done << " / " << total << " rows" << std::flush;
        if (done == total) std::cerr << "\n";
      });
  if (!count) {
    std::cerr << "\n";
    return Fail(count.error());
  }
  std::cout << "imported " << *count << " cases from " << file << "\n";
  return 0;
}

}  // namespace civicgrid::cli
