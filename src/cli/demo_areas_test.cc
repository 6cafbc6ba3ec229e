#include "cli/demo_areas.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "geo/grid_index.h"
#include "geo/shapes.h"

namespace civicgrid::cli {
namespace {

using areas::Area;
using areas::AreaLevel;

constexpr char kDataDir[] = "data";  // tests run in the project root
constexpr char kDistrictCode[] = "310105000000";

bool AllDigits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class DemoAreasTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto built = BuildChangningAreas(kDataDir);
    ASSERT_TRUE(built.has_value()) << built.error().message;
    areas_ = new std::vector<Area>(std::move(*built));
    for (const Area& area : *areas_) by_code_[area.code] = &area;
  }
  static void TearDownTestSuite() {
    delete areas_;
    areas_ = nullptr;
    by_code_.clear();
  }
  static std::vector<const Area*> AtLevel(AreaLevel level) {
    std::vector<const Area*> out;
    for (const Area& area : *areas_) {
      if (area.level == level) out.push_back(&area);
    }
    return out;
  }

  static std::vector<Area>* areas_;
  static std::map<std::string, const Area*> by_code_;
};

std::vector<Area>* DemoAreasTest::areas_ = nullptr;
std::map<std::string, const Area*> DemoAreasTest::by_code_;

TEST_F(DemoAreasTest, Counts) {
  EXPECT_EQ(AtLevel(AreaLevel::kDistrict).size(), 1u);
  EXPECT_EQ(AtLevel(AreaLevel::kStreet).size(), 10u);
  EXPECT_EQ(AtLevel(AreaLevel::kCommunity).size(), 185u);
  EXPECT_GE(AtLevel(AreaLevel::kGrid).size(), 185u);
  EXPECT_EQ(by_code_.size(), areas_->size()) << "codes are unique";
  const Area& district = *AtLevel(AreaLevel::kDistrict).front();
  EXPECT_EQ(district.code, kDistrictCode);
  EXPECT_EQ(district.name, "长宁区");
  EXPECT_TRUE(district.parent_code.empty());
}

TEST_F(DemoAreasTest, CodesWellFormedAndParentsPrecedeChildren) {
  std::set<std::string> seen;
  for (const Area& area : *areas_) {
    const size_t length = area.level == AreaLevel::kGrid ? 15 : 12;
    EXPECT_EQ(area.code.size(), length) << area.code;
    EXPECT_TRUE(AllDigits(area.code)) << area.code;
    EXPECT_EQ(area.vintage, "2016");
    if (area.level != AreaLevel::kDistrict) {
      ASSERT_TRUE(seen.count(area.parent_code)) << area.code << " parent " << area.parent_code;
      const Area& parent = *by_code_.at(area.parent_code);
      EXPECT_EQ(static_cast<int>(parent.level) + 1, static_cast<int>(area.level)) << area.code;
      const size_t shared = area.level == AreaLevel::kStreet      ? 6
                            : area.level == AreaLevel::kCommunity ? 9
                                                                  : 12;
      EXPECT_EQ(area.code.substr(0, shared), parent.code.substr(0, shared)) << area.code;
    }
    seen.insert(area.code);
  }
}

TEST_F(DemoAreasTest, EveryAreaHasShapeAndCentreInside) {
  for (const Area& area : *areas_) {
    ASSERT_FALSE(area.boundary.empty()) << area.code;
    EXPECT_GT(geo::AreaOf(area.boundary), 0) << area.code;
    ASSERT_TRUE(area.center.has_value()) << area.code;
    EXPECT_TRUE(boost::geometry::within(*area.center, area.boundary)) << area.code;
    // WGS-84, inside Changning.
    EXPECT_GT(area.center->x(), 121.32);
    EXPECT_LT(area.center->x(), 121.45);
    EXPECT_GT(area.center->y(), 31.17);
    EXPECT_LT(area.center->y(), 31.25);
  }
}

TEST_F(DemoAreasTest, GridsHaveHouseholdsTypesAndStaff) {
  std::map<areas::GridType, int> types;
  for (const Area* grid : AtLevel(AreaLevel::kGrid)) {
    EXPECT_GE(grid->households, 200) << grid->code;
    EXPECT_LE(grid->households, 300) << grid->code;
    EXPECT_NE(grid->grid_type, areas::GridType::kNone);
    ++types[grid->grid_type];
    EXPECT_FALSE(grid->grid_leader.empty());
    EXPECT_FALSE(grid->post_a.empty());
    EXPECT_FALSE(grid->post_b.empty());
    const Area& community = *by_code_.at(grid->parent_code);
    EXPECT_EQ(grid->name.rfind(community.name + "第", 0), 0u) << grid->name;
  }
  EXPECT_GT(types[areas::GridType::kRoutine], types[areas::GridType::kWatch]);
  EXPECT_GT(types[areas::GridType::kWatch], 0);
  EXPECT_GT(types[areas::GridType::kFocus], 0);
  EXPECT_GT(types[areas::GridType::kRemediation], 0);
  for (const Area* community : AtLevel(AreaLevel::kCommunity)) {
    EXPECT_EQ(by_code_.count(community->code + "001"), 1u) << community->code;
  }
}

TEST_F(DemoAreasTest, LevelsTileTheDistrict) {
  const double district = geo::AreaOf(AtLevel(AreaLevel::kDistrict).front()->boundary);
  for (AreaLevel level : {AreaLevel::kStreet, AreaLevel::kCommunity, AreaLevel::kGrid}) {
    double sum = 0;
    for (const Area* area : AtLevel(level)) sum += geo::AreaOf(area->boundary);
    EXPECT_NEAR(sum, district, district * 0.005) << static_cast<int>(level);
  }
}

TEST_F(DemoAreasTest, SamplePointsLocateToGridsUnderTheDistrict) {
  const Area& district = *AtLevel(AreaLevel::kDistrict).front();
  geo::GridIndex index;
  for (const Area* grid : AtLevel(AreaLevel::kGrid)) index.Add(grid->code, grid->boundary);
  const geo::Box box = geo::BoundingBox(district.boundary);
  // A Halton (2, 3) sequence over the bounding box, kept where it falls inside the outline.
  auto halton = [](int i, int base) {
    double f = 1;
    double r = 0;
    for (; i > 0; i /= base) {
      f /= base;
      r += f * (i % base);
    }
    return r;
  };
  int found = 0;
  for (int i = 1; found < 200; ++i) {
    ASSERT_LT(i, 10000);
    const geo::Point p(
        box.min_corner().x() + halton(i, 2) * (box.max_corner().x() - box.min_corner().x()),
        box.min_corner().y() + halton(i, 3) * (box.max_corner().y() - box.min_corner().y()));
    if (!boost::geometry::within(p, district.boundary)) continue;
    ++found;
    const auto code = index.Locate(p);
    ASSERT_TRUE(code.has_value()) << boost::geometry::wkt(p);
    const Area* area = by_code_.at(*code);
    EXPECT_TRUE(geo::Contains(area->boundary, p));
    int hops = 0;
    while (!area->parent_code.empty() && hops++ < 4) {
      area = by_code_.at(area->parent_code);
      EXPECT_TRUE(geo::Contains(area->boundary, p)) << *code << " in " << area->code;
    }
    EXPECT_EQ(area->code, kDistrictCode);
    EXPECT_EQ(hops, 3);
  }
  EXPECT_FALSE(index.Locate(geo::Point(121.50, 31.23)).has_value());  // the Bund, not Changning
}

TEST_F(DemoAreasTest, Deterministic) {
  auto again = BuildChangningAreas(kDataDir);
  ASSERT_TRUE(again.has_value());
  ASSERT_EQ(again->size(), areas_->size());
  for (size_t i = 0; i < areas_->size(); ++i) {
    const Area& a = (*areas_)[i];
    const Area& b = (*again)[i];
    ASSERT_EQ(a.code, b.code);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.parent_code, b.parent_code);
    EXPECT_EQ(a.households, b.households);
    EXPECT_EQ(a.grid_type, b.grid_type);
    EXPECT_EQ(a.grid_leader + a.post_a + a.post_b, b.grid_leader + b.post_a + b.post_b);
    EXPECT_EQ(a.center->x(), b.center->x());
    EXPECT_EQ(a.center->y(), b.center->y());
    std::ostringstream wa;
    std::ostringstream wb;
    wa << std::setprecision(17) << boost::geometry::wkt(a.boundary);
    wb << std::setprecision(17) << boost::geometry::wkt(b.boundary);
    EXPECT_EQ(wa.str(), wb.str()) << a.code;
  }
}

TEST(DemoAreasErrorsTest, MissingDirectoryIsNotFound) {
  auto built = BuildChangningAreas("no/such/dir");
  ASSERT_FALSE(built.has_value());
  EXPECT_EQ(built.error().code, base::Code::kNotFound);
}

}  // namespace
}  // namespace civicgrid::cli
