#include "geo/shapes.h"

#include <gtest/gtest.h>

namespace civicgrid::geo {
namespace {

MultiPolygon Square(double x0, double y0, double side) {
  MultiPolygon out;
  out.resize(1);
  out[0].outer() = {Point(x0, y0), Point(x0 + side, y0), Point(x0 + side, y0 + side),
                    Point(x0, y0 + side), Point(x0, y0)};
  Normalize(out);
  return out;
}

// An L-shaped (concave) polygon whose centroid lies outside it.
MultiPolygon Crescent() {
  MultiPolygon out;
  out.resize(1);
  out[0].outer() = {Point(0, 0),  Point(10, 0), Point(10, 1), Point(1, 1),
                    Point(1, 10), Point(0, 10), Point(0, 0)};
  Normalize(out);
  return out;
}

TEST(ShapesTest, InteriorPointOfConvexIsInside) {
  const MultiPolygon square = Square(121.0, 31.0, 0.01);
  const Point p = InteriorPoint(square);
  EXPECT_TRUE(boost::geometry::within(p, square));
  EXPECT_NEAR(AreaOf(square), 1e-4, 1e-12);
}

TEST(ShapesTest, InteriorPointFallsBackWhenCentroidOutside) {
  const MultiPolygon l_shape = Crescent();
  Point centroid;
  boost::geometry::centroid(l_shape, centroid);
  ASSERT_FALSE(boost::geometry::within(centroid, l_shape));
  EXPECT_TRUE(boost::geometry::within(InteriorPoint(l_shape), l_shape));
}

TEST(ShapesTest, ContainsIncludesBoundary) {
  const MultiPolygon square = Square(0, 0, 1);
  EXPECT_TRUE(Contains(square, Point(0.5, 0.5)));
  EXPECT_TRUE(Contains(square, Point(1, 0.5)));
  EXPECT_FALSE(Contains(square, Point(1.5, 0.5)));
}

TEST(ShapesTest, VoronoiOfSquareWithFourSites) {
  const MultiPolygon square = Square(121.40, 31.20, 0.02);
  const std::vector<Point> sites = {Point(121.405, 31.205), Point(121.415, 31.204),
                                    Point(121.404, 31.216), Point(121.413, 31.213)};
  const std::vector<MultiPolygon> cells = VoronoiPartition(square, sites);
  ASSERT_EQ(cells.size(), 4u);
  double sum = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    EXPECT_GT(AreaOf(cells[i]), 0);
    EXPECT_TRUE(Contains(cells[i], sites[i])) << i;
    for (std::size_t j = 0; j < sites.size(); ++j) {
      if (j != i) {
        EXPECT_FALSE(Contains(cells[i], sites[j])) << i << " " << j;
      }
    }
    sum += AreaOf(cells[i]);
  }
  EXPECT_NEAR(sum, AreaOf(square), AreaOf(square) * 1e-9);
}

TEST(ShapesTest, VoronoiOfConcaveRegionCoversIt) {
  const MultiPolygon l_shape = Crescent();
  const std::vector<Point> sites = {Point(0.5, 9), Point(9, 0.5), Point(0.5, 0.5)};
  const std::vector<MultiPolygon> cells = VoronoiPartition(l_shape, sites);
  double sum = 0;
  for (const MultiPolygon& cell : cells) sum += AreaOf(cell);
  EXPECT_NEAR(sum, AreaOf(l_shape), 1e-9);
}

TEST(ShapesTest, VoronoiCoincidingSitesKeepOneCell) {
  const MultiPolygon square = Square(0, 0, 1);
  const auto cells = VoronoiPartition(square, {Point(0.5, 0.5), Point(0.5, 0.5)});
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_NEAR(AreaOf(cells[0]), 1.0, 1e-12);
  EXPECT_TRUE(cells[1].empty());
}

TEST(ShapesTest, SplitIntoPartsCoversArea) {
  const MultiPolygon l_shape = Crescent();
  for (int n = 1; n <= 7; ++n) {
    const std::vector<MultiPolygon> parts = SplitIntoParts(l_shape, n);
    ASSERT_EQ(parts.size(), static_cast<std::size_t>(n));
    double sum = 0;
    for (const MultiPolygon& part : parts) {
      EXPECT_GT(AreaOf(part), 0);
      EXPECT_NEAR(AreaOf(part), AreaOf(l_shape) / n, AreaOf(l_shape) * 1e-6);
      sum += AreaOf(part);
    }
    EXPECT_NEAR(sum, AreaOf(l_shape), 1e-9) << n;
  }
}

TEST(ShapesTest, SplitIntoPartsRejectsNothingToSplit) {
  EXPECT_TRUE(SplitIntoParts(Square(0, 0, 1), 0).empty());
  EXPECT_TRUE(SplitIntoParts(MultiPolygon{}, 3).empty());
}

}  // namespace
}  // namespace civicgrid::geo
