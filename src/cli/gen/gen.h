// `civicgrid gen`: fills an empty database with a synthetic city of any size and a case history
// (see city.h and history.h), through the bulk loader, with a progress bar on stderr.
#pragma once

#include <cstdint>
#include <string>

#include "cli/gen/city.h"
#include "cli/runtime.h"

namespace civicgrid::cli::gen {

struct GenOptions {
  CityShape shape;
  int64_t cases = 100'000;
  int days = 365;      // the history covers this many days before `until`
  std::string until;   // YYYY-MM-DD (local date, exclusive); empty = today
  int batch = 20'000;  // cases per transaction
  bool progress = true;
};

// Returns the process exit code; prints a summary on stdout and writes
// <data_dir>/gen-users.json (the shared password and one account per role).
int RunGen(Runtime& rt, const GenOptions& options);

}  // namespace civicgrid::cli::gen
