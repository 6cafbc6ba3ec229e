#include "base/iso_time.h"

#include <gtest/gtest.h>

namespace civicgrid::base {
namespace {

constexpr int64_t kShanghai = 8 * 3600 * 1000;

TEST(IsoTimeTest, OffsetsDatesAndRefusals) {
  // 2026-11-26T00:00:00Z = 1795651200 s.
  EXPECT_EQ(ParseIsoDateTime("2026-11-26T00:00:00Z", kShanghai), 1795651200000);
  EXPECT_EQ(ParseIsoDateTime("2026-11-26T08:00:00+08:00", kShanghai), 1795651200000);
  EXPECT_EQ(ParseIsoDateTime("2026-11-25T19:00:00-05:00", kShanghai), 1795651200000);
  EXPECT_EQ(ParseIsoDateTime("2026-11-26T08:00:00", kShanghai), 1795651200000);  // local
  EXPECT_EQ(ParseIsoDateTime("2026-11-26T08:00:00.250+08:00", kShanghai), 1795651200000);
  EXPECT_EQ(ParseIsoDateTime("2026-11-26", kShanghai), 1795651200000 - kShanghai);
  for (const char* bad : {"", "yesterday", "2026-11-26T", "2026-11-26 08:00:00", "2026-02-30",
                          "2026-11-26T24:00:00Z", "2026-11-26T08:00:00+8", "2026-11-26T08:00Z",
                          "2026-11-26T08:00:00.+08:00", "2026-11-26T08:00:00+08:00x"}) {
    EXPECT_FALSE(ParseIsoDateTime(bad, kShanghai)) << bad;
  }
}

}  // namespace
}  // namespace civicgrid::base
