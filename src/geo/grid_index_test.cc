#include "geo/grid_index.h"

#include <gtest/gtest.h>

#include "geo/shapes.h"

namespace civicgrid::geo {
namespace {

MultiPolygon Rect(double x0, double y0, double x1, double y1) {
  MultiPolygon out;
  out.resize(1);
  out[0].outer() = {Point(x0, y0), Point(x1, y0), Point(x1, y1), Point(x0, y1), Point(x0, y0)};
  Normalize(out);
  return out;
}

std::string CellCode(int i, int j) {
  std::string code = "g";
  code += std::to_string(i);
  code += std::to_string(j);
  return code;
}

TEST(GridIndexTest, LocatesEachGridAndNothingOutside) {
  GridIndex index;
  // A 3 × 2 block of grids plus a triangle whose bounding box overlaps its neighbours.
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 2; ++j) {
      index.Add(CellCode(i, j),
                Rect(121.40 + 0.01 * i, 31.20 + 0.01 * j, 121.41 + 0.01 * i, 31.21 + 0.01 * j));
    }
  }
  MultiPolygon triangle;
  triangle.resize(1);
  triangle[0].outer() = {Point(121.43, 31.20), Point(121.45, 31.20), Point(121.43, 31.22),
                         Point(121.43, 31.20)};
  Normalize(triangle);
  index.Add("tri", triangle);
  EXPECT_EQ(index.Size(), 7u);

  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 2; ++j) {
      const auto code = index.Locate(Point(121.405 + 0.01 * i, 31.205 + 0.01 * j));
      ASSERT_TRUE(code.has_value());
      EXPECT_EQ(*code, CellCode(i, j));
    }
  }
  EXPECT_EQ(index.Locate(Point(121.435, 31.205)).value_or(""), "tri");
  EXPECT_FALSE(index.Locate(Point(121.445, 31.215)).has_value());  // in the box, not the triangle
  EXPECT_FALSE(index.Locate(Point(121.39, 31.205)).has_value());
  EXPECT_FALSE(index.Locate(Point(0, 0)).has_value());
}

TEST(GridIndexTest, SharedBoundaryGoesToFirstAdded) {
  GridIndex index;
  index.Add("west", Rect(0, 0, 1, 1));
  index.Add("east", Rect(1, 0, 2, 1));
  EXPECT_EQ(index.Locate(Point(1, 0.5)).value_or(""), "west");
}

TEST(GridIndexTest, EmptyIndexAndEmptyShape) {
  GridIndex index;
  EXPECT_FALSE(index.Locate(Point(0.5, 0.5)).has_value());
  index.Add("empty", MultiPolygon{});
  EXPECT_FALSE(index.Locate(Point(0.5, 0.5)).has_value());
}

}  // namespace
}  // namespace civicgrid::geo
