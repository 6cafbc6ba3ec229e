#include "geo/coords.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace civicgrid::geo {
namespace {

// Approximate ground distance in metres between two nearby lng/lat points.
double Metres(Point a, Point b) {
  constexpr double kMetresPerDegree = 111320.0;
  const double dx = (a.x() - b.x()) * std::cos(a.y() * std::numbers::pi / 180.0);
  const double dy = a.y() - b.y();
  return std::hypot(dx, dy) * kMetresPerDegree;
}

TEST(CoordsTest, MetersBetween) {
  // 1/1000 of a degree of latitude is about 111 m anywhere.
  EXPECT_NEAR(MetersBetween(Point(121.4, 31.2), Point(121.4, 31.201)), 111.2, 0.5);
  // Shanghai People's Square to the Bund: about 1.9 km.
  EXPECT_NEAR(MetersBetween(Point(121.4737, 31.2304), Point(121.4903, 31.2397)), 1890, 30);
  EXPECT_EQ(MetersBetween(Point(121.4, 31.2), Point(121.4, 31.2)), 0);
}

TEST(CoordsTest, ShanghaiRoundTripGcjWgsGcj) {
  const Point gcj(121.424622, 31.220372);  // centre of 长宁区 as published in GCJ-02
  const Point wgs = Gcj02ToWgs84(gcj);
  const Point back = Wgs84ToGcj02(wgs);
  EXPECT_NEAR(back.x(), gcj.x(), 1e-6);
  EXPECT_NEAR(back.y(), gcj.y(), 1e-6);
}

TEST(CoordsTest, ShanghaiRoundTripWgsGcjWgs) {
  const Point wgs(121.4737, 31.2304);
  const Point back = Gcj02ToWgs84(Wgs84ToGcj02(wgs));
  EXPECT_NEAR(back.x(), wgs.x(), 1e-6);
  EXPECT_NEAR(back.y(), wgs.y(), 1e-6);
}

TEST(CoordsTest, ShanghaiOffsetIsHundredsOfMetres) {
  const Point wgs(121.4737, 31.2304);
  const Point gcj = Wgs84ToGcj02(wgs);
  // In Shanghai GCJ-02 lies roughly 0.0045° east and 0.002° south of WGS-84 (about 500 m).
  EXPECT_GT(gcj.x(), wgs.x());
  EXPECT_LT(gcj.y(), wgs.y());
  const double offset = Metres(wgs, gcj);
  EXPECT_GT(offset, 300.0);
  EXPECT_LT(offset, 800.0);
}

TEST(CoordsTest, OutsideChinaUnchanged) {
  const Point london(-0.1276, 51.5072);
  EXPECT_TRUE(OutOfChina(london));
  EXPECT_EQ(Wgs84ToGcj02(london).x(), london.x());
  EXPECT_EQ(Gcj02ToWgs84(london).y(), london.y());
  EXPECT_FALSE(OutOfChina(Point(121.47, 31.23)));
}

}  // namespace
}  // namespace civicgrid::geo
