#include "storage/sql/dialect.h"

#include <gtest/gtest.h>

namespace civicgrid::storage::sql {
namespace {

TEST(DialectTest, SqliteKeepsQuestionMarks) {
  EXPECT_EQ(Rewrite(Dialect::kSqlite, "SELECT ? , ?"), "SELECT ? , ?");
}

TEST(DialectTest, PostgresNumbersPlaceholdersOutsideQuotes) {
  EXPECT_EQ(
      Rewrite(Dialect::kPostgres, "UPDATE t SET a = ?, b = '?' WHERE \"c?\" = ? AND d IN (?,?)"),
      "UPDATE t SET a = $1, b = '?' WHERE \"c?\" = $2 AND d IN ($3,$4)");
  EXPECT_EQ(Rewrite(Dialect::kPostgres, "SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
}

TEST(DialectTest, ParsesDatabaseValues) {
  EXPECT_EQ(ParseDatabaseUrl("postgresql://u@h:1/db").dialect, Dialect::kPostgres);
  EXPECT_EQ(ParseDatabaseUrl("postgres://u@h/db").target, "postgres://u@h/db");
  auto file = ParseDatabaseUrl("sqlite:///tmp/x.db");
  EXPECT_EQ(file.dialect, Dialect::kSqlite);
  EXPECT_EQ(file.target, "/tmp/x.db");
  EXPECT_EQ(ParseDatabaseUrl("data/civicgrid.db").target, "data/civicgrid.db");
}

}  // namespace
}  // namespace civicgrid::storage::sql
