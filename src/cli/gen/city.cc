#include "cli/gen/city.h"

#include <cmath>
#include <cstdio>

#include "cli/gen/random.h"

namespace civicgrid::cli::gen {
namespace {

constexpr double kCenterLng = 121.40;
constexpr double kCenterLat = 31.20;
// A unit grid covers about 0.35 km² (seed 002: 200–300 households in a city block).
constexpr double kGridDegrees = 0.0055;

std::string Code(const char* fmt, int a, int b = 0, int c = 0, int d = 0) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), fmt, a, b, c, d);
  return buf;
}

// Columns × rows close to square for n cells.
std::pair<int, int> Layout(int n) {
  int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  int rows = (n + cols - 1) / cols;
  return {cols, rows};
}

geo::MultiPolygon Rect(double x0, double y0, double x1, double y1) {
  geo::Polygon p;
  p.outer() = {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
  geo::MultiPolygon m;
  m.push_back(std::move(p));
  return m;
}

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                 "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊",   "军", "洋",
                              "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"};

// An area of the lattice: the rectangle [x, x + w) × [y, y + h), its centre inside.
areas::Area Block(std::string code, std::string name, areas::AreaLevel level, std::string parent,
                  double x, double y, double w, double h) {
  areas::Area a;
  a.code = std::move(code);
  a.name = std::move(name);
  a.level = level;
  a.parent_code = std::move(parent);
  a.boundary = Rect(x, y, x + w, y + h);
  a.center = geo::Point(x + w / 2, y + h / 2);
  a.vintage = "gen";
  return a;
}

std::string PersonName(Random& rng) {
  return std::string(kSurnames[rng.Below(20)]) + kGiven[rng.Below(20)];
}

}  // namespace

std::string StreetEnforcementName(const std::string& street_name) {
  return street_name + "城管中队";
}

std::vector<areas::Area> BuildAreas(const CityShape& shape) {
  Random rng(shape.seed ^ 0xa5a5a5a5ULL);
  // Each community is a block of grids; a street a block of communities; a district a block of
  // streets. Sizes in grid cells:
  auto [gc, gr] = Layout(shape.grids);
  auto [cc, cr] = Layout(shape.communities);
  auto [sc, sr] = Layout(shape.streets);
  auto [dc, dr] = Layout(shape.districts);
  const double community_w = gc * kGridDegrees, community_h = gr * kGridDegrees;
  const double street_w = cc * community_w, street_h = cr * community_h;
  const double district_w = sc * street_w, district_h = sr * street_h;
  const double x_origin = kCenterLng - dc * district_w / 2;
  const double y_origin = kCenterLat - dr * district_h / 2;

  std::vector<areas::Area> out;
  out.reserve(static_cast<size_t>(shape.districts) *
              (1 + shape.streets * (1 + shape.communities * (1 + shape.grids))));
  for (int d = 0; d < shape.districts; ++d) {
    // PPCCDD: province 91 (fictitious), city 01, 02 … when more than 99 districts.
    std::string dcode = Code("91%02d%02d000000", d / 99 + 1, d % 99 + 1);
    double dx = x_origin + (d % dc) * district_w, dy = y_origin + (d / dc) * district_h;
    areas::Area district = Block(dcode, Code("合成%d区", d + 1), areas::AreaLevel::kDistrict, "",
                                 dx, dy, district_w, district_h);
    out.push_back(district);
    for (int s = 0; s < shape.streets; ++s) {
      std::string scode = dcode.substr(0, 6) + Code("%03d000", s + 1);
      double sx = dx + (s % sc) * street_w, sy = dy + (s / sc) * street_h;
      areas::Area street = Block(scode, district.name + Code("第%d街道", s + 1),
                                 areas::AreaLevel::kStreet, dcode, sx, sy, street_w, street_h);
      out.push_back(street);
      for (int c = 0; c < shape.communities; ++c) {
        std::string ccode = scode.substr(0, 9) + Code("%03d", c + 1);
        double cx = sx + (c % cc) * community_w, cy = sy + (c / cc) * community_h;
        areas::Area community =
            Block(ccode, street.name + Code("第%d居委会", c + 1), areas::AreaLevel::kCommunity,
                  scode, cx, cy, community_w, community_h);
        out.push_back(community);
        for (int g = 0; g < shape.grids; ++g) {
          double gx = cx + (g % gc) * kGridDegrees, gy = cy + (g / gc) * kGridDegrees;
          areas::Area grid =
              Block(ccode + Code("%03d", g + 1), community.name + Code("第%d网格", g + 1),
                    areas::AreaLevel::kGrid, ccode, gx, gy, kGridDegrees, kGridDegrees);
          static constexpr areas::GridType kTypes[] = {
              areas::GridType::kRoutine, areas::GridType::kRoutine, areas::GridType::kRoutine,
              areas::GridType::kWatch,   areas::GridType::kFocus,   areas::GridType::kRemediation};
          grid.grid_type = kTypes[rng.Below(6)];
          grid.households = 200 + static_cast<int>(rng.Below(101));
          grid.grid_leader = PersonName(rng);
          grid.post_a = PersonName(rng);
          grid.post_b = PersonName(rng);
          out.push_back(std::move(grid));
        }
      }
    }
  }
  return out;
}

CityCatalog BuildCatalog(const std::vector<areas::Area>& areas) {
  CityCatalog out;
  std::string& depts = out.departments_csv;
  std::string& rules = out.responsibility_csv;
  depts = "name,kind,area_codes\n";
  rules = "category_kind,category_code,area_code,department,assisting_departments\n";
  for (const auto& a : areas) {
    if (a.level == areas::AreaLevel::kDistrict) {
      std::string enforcement = a.name + "城管执法大队";
      std::string municipal = a.name + "市政养护所";
      depts += enforcement + ",enforcement," + a.code + "\n";
      depts += municipal + ",municipal," + a.code + "\n";
      rules += "*,*," + a.code + "," + enforcement + ",\n";
      rules += "部件,01," + a.code + "," + municipal + ",\n";
      rules += "事项,01," + a.code + "," + municipal + ",\n";
    } else if (a.level == areas::AreaLevel::kStreet) {
      const std::string& n = a.name;
      std::string enforcement = StreetEnforcementName(n);
      std::string police = n + "派出所", market = n + "市场监管所", housing = n + "房管办";
      std::string greening = n + "绿化市容所", property = n + "物业服务中心";
      for (const auto& [name, kind] : {std::pair{enforcement, "enforcement"},
                                       {police, "police"},
                                       {market, "market"},
                                       {housing, "housing"},
                                       {greening, "greening"},
                                       {property, "property"}}) {
        depts += name + "," + kind + "," + a.code + "\n";
      }
      rules += "*,*," + a.code + "," + enforcement + ",\n";
      rules += "部件,02," + a.code + "," + police + ",\n";
      rules += "部件,03," + a.code + "," + greening + ",\n";
      rules += "部件,04," + a.code + "," + greening + ",\n";
      rules += "部件,05," + a.code + "," + housing + ",\n";
      rules += "事项,06," + a.code + "," + greening + "," + property + "\n";
      rules += "事项,09," + a.code + "," + enforcement + "," + police + ";" + market + "\n";
    }
  }
  return out;
}

}  // namespace civicgrid::cli::gen
