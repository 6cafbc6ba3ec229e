// Schema migrations, embedded from storage/migrations/<dialect>/*.sql at build time and applied
// in file-name order; each applied name is recorded so that running them again does nothing.
#pragma once

#include <string>
#include <vector>

namespace civicgrid::storage {

struct Migration {
  std::string name;  // file name, e.g. 001_core.sql
  std::string sql;
};

const std::vector<Migration>& SqliteMigrations();
const std::vector<Migration>& PostgresMigrations();

}  // namespace civicgrid::storage
