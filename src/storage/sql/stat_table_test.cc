// The indicators' counters on a real SQLite file: whatever period is asked for, its whole months
// read from month rows and the other days from day rows sum to exactly what its days hold.
#include "storage/sql/stat_table.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>

#include "base/working_calendar.h"
#include "storage/database.h"
#include "storage/sql/daily_stats.h"

namespace civicgrid::storage::sql {
namespace {

TEST(StatTableTest, AnyPeriodSumsToItsDays) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("civicgrid-stat-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = OpenDatabase((dir / "t.db").string(), OpenOptions{});
    ASSERT_TRUE(db) << db.error().message;
    const int64_t origin = base::DaysFromCivil(2024, 12, 20);  // a year, two year-ends, a Feb 29
    std::mt19937 random(7);
    struct Day {
      int64_t reports = 0, handled = 0, handle_ms = 0, intake = 0;
    };
    std::map<int64_t, Day> truth;
    StatSums sums;
    for (int i = 0; i < 600; ++i) {
      const int64_t day = origin + static_cast<int64_t>(random() % 500);
      const int64_t n = 1 + random() % 5;
      const int64_t ms = static_cast<int64_t>(random() % 100000);
      sums.Add("d", "a:x", day, "reports", n, 0);
      sums.Add("d", "a:x", day, "stage_handle", 1, ms);
      sums.Add("d", "i:x", day, "channel_resident", n, 0);
      sums.Add("d", "a:other", day, "reports", 1, 0);
      auto& t = truth[day];
      t.reports += n;
      t.handled += 1;
      t.handle_ms += ms;
      t.intake += n;
    }
    // Written in two transactions, so that some rows are added to, not inserted.
    StatRows rows = sums.Rows();
    auto written = (*db)->With<void>(true, [&](Db& d) {
      WriteStats(d, rows);
      WriteStats(d, rows);
    });
    ASSERT_TRUE(written) << written.error().message;

    SqlEvaluationRepository repo(**db);
    std::vector<std::pair<int64_t, int64_t>> periods = {
        {origin, origin + 499},
        {base::DaysFromCivil(2025, 1, 1), base::DaysFromCivil(2025, 12, 31)},
        {base::DaysFromCivil(2025, 2, 1), base::DaysFromCivil(2025, 2, 28)},
        {base::DaysFromCivil(2025, 1, 31), base::DaysFromCivil(2025, 3, 1)},
        {base::DaysFromCivil(2025, 3, 2), base::DaysFromCivil(2025, 3, 30)},
        {base::DaysFromCivil(2025, 5, 1), base::DaysFromCivil(2025, 5, 1)}};
    for (int i = 0; i < 200; ++i) {
      const int64_t a = origin - 20 + static_cast<int64_t>(random() % 540);
      periods.emplace_back(a, a + static_cast<int64_t>(random() % 400));
    }
    for (const auto& [first, last] : periods) {
      Day want;
      for (auto it = truth.lower_bound(first); it != truth.end() && it->first <= last; ++it) {
        want.reports += 2 * it->second.reports;
        want.handled += 2 * it->second.handled;
        want.handle_ms += 2 * it->second.handle_ms;
        want.intake += 2 * it->second.intake;
      }
      auto got = repo.Sum("d", {"a:x", "i:x"}, first, last);
      ASSERT_TRUE(got) << got.error().message;
      const std::string period = base::IsoDate(first) + ".." + base::IsoDate(last);
      auto& a = (*got)["a:x"];
      EXPECT_EQ(a["reports"].n, want.reports) << period;
      EXPECT_EQ(a["stage_handle"].n, want.handled) << period;
      EXPECT_EQ(a["stage_handle"].ms, want.handle_ms) << period;
      EXPECT_EQ((*got)["i:x"]["channel_resident"].n, want.intake) << period;
      EXPECT_EQ(a.count("closures"), 0u) << "zero counters are left out";
    }
    auto daily = repo.Daily("d", "a:x", origin, origin + 499);
    ASSERT_TRUE(daily);
    EXPECT_EQ(daily->size(), truth.size());
    for (const auto& [day, t] : truth) EXPECT_EQ((*daily)[day]["reports"].n, 2 * t.reports);
  }
  std::filesystem::remove_all(dir);
}

TEST(StatTableTest, EveryCounterHasAColumn) {
  for (const char* name : StatColumnNames()) {
    std::string_view n = name;
    if (n.size() > 3 && n.substr(n.size() - 3) == "_ms") continue;
    auto cols = StatColumnsOf(n);
    ASSERT_TRUE(cols) << name;
    EXPECT_EQ(cols->second >= 0, n.rfind("stage_", 0) == 0) << name;
  }
  StatValues v{};
  EXPECT_THROW(AddCounter(v, "no_such_counter", 1, 0), DbError);
}

}  // namespace
}  // namespace civicgrid::storage::sql
