#include "cli/demo_areas.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

#include "geo/coords.h"
#include "geo/shapes.h"

namespace civicgrid::cli {
namespace {

using areas::Area;
using areas::AreaLevel;
using base::Result;
using geo::MultiPolygon;
using geo::Point;

constexpr char kDivisionsFile[] = "divisions_310105_2016.csv";
constexpr char kBoundaryFile[] = "boundary_310105.geojson";
constexpr char kVintage[] = "2016";
constexpr int kMinCommunityHouseholds = 900;
constexpr int kMaxCommunityHouseholds = 1500;
constexpr int kMinGridHouseholds = 200;  // seed 002: grids of 200–300 households
constexpr int kMaxGridHouseholds = 300;
constexpr int kTargetGridHouseholds = 250;
constexpr int kMaxHouseholdShift = 20;
constexpr double kMinSiteGap = 1e-5;  // degrees (about a metre): closer centres count as duplicates
constexpr int kTriesPerSpacing = 64;
constexpr int kMaxSiteTries = 20000;

// Shanghai's most common surnames and given-name characters, for synthetic staff names.
constexpr const char* kSurnames[] = {"王", "张", "陈", "李", "徐", "朱", "周", "沈", "陆", "顾",
                                     "吴", "杨", "黄", "刘", "钱", "蒋", "施", "孙", "金", "胡",
                                     "曹", "姚", "俞", "唐", "严", "郁", "邵", "汤", "范", "潘"};
constexpr const char* kGivenChars[] = {
    "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "英", "华", "玲", "红", "斌", "建", "国", "文", "辉", "佳",
    "颖", "婷", "雯", "晨", "浩", "宇", "欣", "怡", "俊", "琳", "慧", "峰", "晓", "燕", "萍"};

struct Division {
  std::string code;
  std::string parent;
  std::string name;
  std::string level;          // county / town / village
  std::optional<Point> site;  // published centre, converted to WGS-84
};

// FNV-1a: a stable hash (std::hash may differ between library versions).
uint64_t Hash(std::string_view text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// SplitMix64: small, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::string_view seed) : state_(Hash(seed)) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::NotFound("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields;
  for (size_t start = 0;;) {
    const size_t comma = line.find(',', start);
    fields.emplace_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

std::optional<double> ParseDouble(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The file has no quoted fields (no name contains a comma); a quoted file fails the field count.
Result<std::vector<Division>> ParseDivisions(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::istringstream stream{std::string(text)};
  std::vector<std::string> header;
  std::map<std::string, size_t> column;
  std::vector<Division> out;
  int line_number = 0;
  for (std::string line; std::getline(stream, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f = SplitCsvLine(line);
    if (header.empty()) {
      header = std::move(f);
      for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
      for (const char* name : {"code", "parent", "name", "level", "longitude", "latitude"}) {
        if (!column.count(name)) {
          return base::InvalidArgument(kDivisionsFile, std::string("missing column ") + name);
        }
      }
      continue;
    }
    const std::string where = "line " + std::to_string(line_number) + ": ";
    if (f.size() != header.size()) {
      return base::InvalidArgument(kDivisionsFile, where + "wrong number of fields");
    }
    Division d{f[column["code"]], f[column["parent"]], f[column["name"]], f[column["level"]], {}};
    const std::string& lng = f[column["longitude"]];
    const std::string& lat = f[column["latitude"]];
    if (!lng.empty() || !lat.empty()) {
      const auto x = ParseDouble(lng);
      const auto y = ParseDouble(lat);
      if (!x || !y) return base::InvalidArgument(kDivisionsFile, where + "bad longitude/latitude");
      d.site = geo::Gcj02ToWgs84(Point(*x, *y));
    }
    if (d.code.size() != 12 || d.code.find_first_not_of("0123456789") != std::string::npos) {
      return base::InvalidArgument(kDivisionsFile, where + "code is not 12 digits");
    }
    out.push_back(std::move(d));
  }
  return out;
}

Result<MultiPolygon> ParseOutline(const std::string& text) {
  MultiPolygon out;
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    for (const nlohmann::json& feature : doc.at("features")) {
      const nlohmann::json& geometry = feature.at("geometry");
      const std::string type = geometry.at("type").get<std::string>();
      std::vector<const nlohmann::json*> polygons;
      if (type == "Polygon") {
        polygons.push_back(&geometry.at("coordinates"));
      } else if (type == "MultiPolygon") {
        for (const nlohmann::json& rings : geometry.at("coordinates")) polygons.push_back(&rings);
      } else {
        return base::InvalidArgument(kBoundaryFile, "unsupported geometry type " + type);
      }
      for (const nlohmann::json* rings : polygons) {
        geo::Polygon& poly = out.emplace_back();
        for (size_t r = 0; r < rings->size(); ++r) {
          auto& ring = r == 0 ? poly.outer() : poly.inners().emplace_back();
          for (const nlohmann::json& c : rings->at(r)) {
            ring.push_back(geo::Gcj02ToWgs84(Point(c.at(0).get<double>(), c.at(1).get<double>())));
          }
        }
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return base::InvalidArgument(kBoundaryFile, e.what());
  }
  geo::Normalize(out);
  if (!(geo::AreaOf(out) > 0)) return base::InvalidArgument(kBoundaryFile, "no polygon with area");
  return out;
}

// One Voronoi site per child of `region`: its centre when that lies inside and is at least
// kMinSiteGap from every earlier site, else a pseudo-random point inside (rejection sampling in the
// bounding box, seeded by the child's code) kept apart from the other sites while that is easy.
Result<std::vector<Point>> PlaceSites(const MultiPolygon& region,
                                      const std::vector<const Division*>& kids,
                                      const std::vector<std::optional<Point>>& centres) {
  std::vector<std::optional<Point>> sites(kids.size());
  auto crowded = [&](Point p, double gap) {
    return std::any_of(sites.begin(), sites.end(), [&](const std::optional<Point>& s) {
      return s && std::hypot(s->x() - p.x(), s->y() - p.y()) < gap;
    });
  };
  for (size_t i = 0; i < kids.size(); ++i) {
    const std::optional<Point>& c = centres[i];
    if (c && boost::geometry::within(*c, region) && !crowded(*c, kMinSiteGap)) sites[i] = c;
  }
  const geo::Box box = geo::BoundingBox(region);
  const Point lo = box.min_corner();
  const Point hi = box.max_corner();
  const double spacing = 0.5 * std::sqrt(geo::AreaOf(region) / static_cast<double>(kids.size()));
  std::vector<Point> out;
  for (size_t i = 0; i < kids.size(); ++i) {
    Rng rng(kids[i]->code);
    double gap = spacing;
    for (int tries = 1; !sites[i]; ++tries) {
      if (tries > kMaxSiteTries) return base::Internal("cannot place a site for " + kids[i]->code);
      const Point p(lo.x() + rng.Uniform() * (hi.x() - lo.x()),
                    lo.y() + rng.Uniform() * (hi.y() - lo.y()));
      if (boost::geometry::within(p, region) && !crowded(p, gap)) sites[i] = p;
      if (tries % kTriesPerSpacing == 0) gap /= 2;
    }
    out.push_back(*sites[i]);
  }
  return out;
}

Area MakeArea(std::string code, std::string name, AreaLevel level, std::string parent,
              MultiPolygon boundary) {
  Area area;
  area.code = std::move(code);
  area.name = std::move(name);
  area.level = level;
  area.parent_code = std::move(parent);
  area.center = geo::InteriorPoint(boundary);
  area.boundary = std::move(boundary);
  area.vintage = kVintage;
  return area;
}

std::string PersonName(Rng& rng) {
  std::string name = kSurnames[rng.Below(std::size(kSurnames))];
  const int given = 1 + rng.Below(2);
  for (int i = 0; i < given; ++i) name += kGivenChars[rng.Below(std::size(kGivenChars))];
  return name;
}

// Splits `total` households into grids of kMinGridHouseholds–kMaxGridHouseholds, about
// kTargetGridHouseholds each, then shifts a few households between neighbours for variety.
std::vector<int> SplitHouseholds(int total, Rng& rng) {
  const int fewest = (total + kMaxGridHouseholds - 1) / kMaxGridHouseholds;
  const int most = total / kMinGridHouseholds;
  const int k =
      std::clamp((total + kTargetGridHouseholds - 1) / kTargetGridHouseholds, fewest, most);
  std::vector<int> counts(k, total / k);
  for (int i = 0; i < total % k; ++i) ++counts[i];
  auto fits = [](int n) { return n >= kMinGridHouseholds && n <= kMaxGridHouseholds; };
  for (int i = 0; i + 1 < k; ++i) {
    const int shift = rng.Below(2 * kMaxHouseholdShift + 1) - kMaxHouseholdShift;
    if (fits(counts[i] + shift) && fits(counts[i + 1] - shift)) {
      counts[i] += shift;
      counts[i + 1] -= shift;
    }
  }
  return counts;
}

areas::GridType PickGridType(Rng& rng) {
  const int roll = rng.Below(20);  // 70% routine, 15% watch, 10% focus, 5% remediation
  if (roll < 14) return areas::GridType::kRoutine;
  if (roll < 17) return areas::GridType::kWatch;
  if (roll < 19) return areas::GridType::kFocus;
  return areas::GridType::kRemediation;
}

// Splits a community into `n` compact blocks, as real grids are (a few buildings or a block
// each): Voronoi cells of pseudo-random sites inside it, evened out by two Lloyd steps (each
// site moves to its cell's interior centre). Falls back to equal-area strips if a cell is lost.
std::vector<MultiPolygon> BlockParts(const Area& community, size_t n, Rng& rng) {
  constexpr int kLloydSteps = 2;
  constexpr int kMaxTries = 2000;
  const geo::Box box = geo::BoundingBox(community.boundary);
  const Point lo = box.min_corner();
  const Point hi = box.max_corner();
  std::vector<Point> sites;
  for (int tries = 0; sites.size() < n && tries < kMaxTries; ++tries) {
    const Point p(lo.x() + rng.Uniform() * (hi.x() - lo.x()),
                  lo.y() + rng.Uniform() * (hi.y() - lo.y()));
    if (boost::geometry::within(p, community.boundary)) sites.push_back(p);
  }
  std::vector<MultiPolygon> cells;
  if (sites.size() == n) {
    for (int step = 0; step <= kLloydSteps; ++step) {
      cells = geo::VoronoiPartition(community.boundary, sites);
      if (step == kLloydSteps) break;
      for (size_t i = 0; i < n; ++i) {
        if (geo::AreaOf(cells[i]) > 0) sites[i] = geo::InteriorPoint(cells[i]);
      }
    }
  }
  bool complete = cells.size() == n && std::all_of(cells.begin(), cells.end(), [](const auto& c) {
                    return geo::AreaOf(c) > 0;
                  });
  if (!complete) return geo::SplitIntoParts(community.boundary, static_cast<int>(n));
  // Number the grids from north-west to south-east, as a map is read.
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::vector<Point> centres;
  centres.reserve(n);
  for (const auto& c : cells) centres.push_back(geo::InteriorPoint(c));
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return centres[a].y() - centres[a].x() > centres[b].y() - centres[b].x();
  });
  std::vector<MultiPolygon> out;
  out.reserve(n);
  for (size_t i : order) out.push_back(std::move(cells[i]));
  return out;
}

base::Status AddGrids(const Area& community, std::vector<Area>& grids) {
  Rng rng(community.code + "/grids");
  const int total =
      kMinCommunityHouseholds + rng.Below(kMaxCommunityHouseholds - kMinCommunityHouseholds + 1);
  const std::vector<int> households = SplitHouseholds(total, rng);
  std::vector<MultiPolygon> parts = BlockParts(community, households.size(), rng);
  if (parts.size() != households.size()) {
    return base::Internal("cannot split community " + community.code);
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string sequence = std::to_string(i + 1);
    sequence.insert(0, 3 - std::min<size_t>(3, sequence.size()), '0');
    Area grid =
        MakeArea(community.code + sequence, community.name + "第" + std::to_string(i + 1) + "网格",
                 AreaLevel::kGrid, community.code, std::move(parts[i]));
    grid.households = households[i];
    grid.grid_type = PickGridType(rng);
    grid.grid_leader = PersonName(rng);
    do grid.post_a = PersonName(rng);
    while (grid.post_a == grid.grid_leader);
    do grid.post_b = PersonName(rng);
    while (grid.post_b == grid.grid_leader || grid.post_b == grid.post_a);
    grids.push_back(std::move(grid));
  }
  return base::Ok();
}

// The divisions as a tree: the district, its streets, and each street's communities, in code
// order. Codes must nest (street = district[0,6) + TTT000, community = street[0,9) + VVV).
struct Tree {
  const Division* district = nullptr;
  std::vector<const Division*> streets;
  std::map<std::string, std::vector<const Division*>> communities;  // by street code
};

// Sorting by code puts every parent before its children.
Result<Tree> BuildTree(std::vector<Division>& divisions) {
  std::sort(divisions.begin(), divisions.end(),
            [](const Division& a, const Division& b) { return a.code < b.code; });
  Tree tree;
  for (const Division& d : divisions) {
    bool ok = false;
    if (d.level == "county") {
      ok = !tree.district && d.code.ends_with("000000");
      if (ok) tree.district = &d;
    } else if (d.level == "town") {
      ok = tree.district && d.parent == tree.district->code && d.code != d.parent &&
           d.code.starts_with(d.parent.substr(0, 6)) && d.code.ends_with("000");
      if (ok) {
        tree.streets.push_back(&d);
        tree.communities[d.code] = {};
      }
    } else if (d.level == "village") {
      const auto street = tree.communities.find(d.parent);
      ok = street != tree.communities.end() && d.code.starts_with(d.parent.substr(0, 9)) &&
           !d.code.ends_with("000");
      if (ok) street->second.push_back(&d);
    }
    if (!ok) return base::InvalidArgument(kDivisionsFile, "bad level, code or parent: " + d.code);
  }
  if (!tree.district || tree.streets.empty()) {
    return base::InvalidArgument(kDivisionsFile, "no district (county) row or no streets");
  }
  for (const auto& [street, kids] : tree.communities) {
    if (kids.empty()) return base::InvalidArgument(kDivisionsFile, street + " has no communities");
  }
  return tree;
}

// A street without a published centre (江苏路街道 in 2016) stands at the mean of its communities'
// centres; if none has one, PlaceSites draws a point.
std::optional<Point> StreetCentre(const Division& street,
                                  const std::vector<const Division*>& kids) {
  if (street.site) return street.site;
  double x = 0;
  double y = 0;
  int n = 0;
  for (const Division* kid : kids) {
    if (!kid->site) continue;
    x += kid->site->x();
    y += kid->site->y();
    ++n;
  }
  if (n == 0) return std::nullopt;
  return Point(x / n, y / n);
}

}  // namespace

Result<std::vector<Area>> BuildChangningAreas(const std::string& data_dir) {
  auto csv = ReadFile(data_dir + "/" + kDivisionsFile);
  if (!csv) return tl::unexpected(std::move(csv.error()));
  auto divisions = ParseDivisions(*csv);
  if (!divisions) return tl::unexpected(std::move(divisions.error()));
  auto geojson = ReadFile(data_dir + "/" + kBoundaryFile);
  if (!geojson) return tl::unexpected(std::move(geojson.error()));
  auto outline = ParseOutline(*geojson);
  if (!outline) return tl::unexpected(std::move(outline.error()));
  auto tree = BuildTree(*divisions);
  if (!tree) return tl::unexpected(std::move(tree.error()));

  std::vector<Area> out;
  std::vector<Area> communities;
  std::vector<Area> grids;
  const Division& district = *tree->district;
  out.push_back(MakeArea(district.code, district.name, AreaLevel::kDistrict, "", *outline));
  std::vector<std::optional<Point>> street_centres;
  for (const Division* street : tree->streets) {
    street_centres.push_back(StreetCentre(*street, tree->communities[street->code]));
  }
  auto street_sites = PlaceSites(*outline, tree->streets, street_centres);
  if (!street_sites) return tl::unexpected(std::move(street_sites.error()));
  std::vector<MultiPolygon> street_cells = geo::VoronoiPartition(*outline, *street_sites);
  for (size_t i = 0; i < tree->streets.size(); ++i) {
    const Division& street = *tree->streets[i];
    if (!(geo::AreaOf(street_cells[i]) > 0)) return base::Internal("empty street " + street.code);
    out.push_back(MakeArea(street.code, street.name, AreaLevel::kStreet, district.code,
                           std::move(street_cells[i])));
    const MultiPolygon& street_shape = out.back().boundary;
    const std::vector<const Division*>& kids = tree->communities[street.code];
    std::vector<std::optional<Point>> centres(kids.size());
    std::transform(kids.begin(), kids.end(), centres.begin(), [](auto* kid) { return kid->site; });
    auto sites = PlaceSites(street_shape, kids, centres);
    if (!sites) return tl::unexpected(std::move(sites.error()));
    std::vector<MultiPolygon> cells = geo::VoronoiPartition(street_shape, *sites);
    for (size_t j = 0; j < kids.size(); ++j) {
      if (!(geo::AreaOf(cells[j]) > 0)) return base::Internal("empty community " + kids[j]->code);
      communities.push_back(MakeArea(kids[j]->code, kids[j]->name, AreaLevel::kCommunity,
                                     street.code, std::move(cells[j])));
      if (auto status = AddGrids(communities.back(), grids); !status) {
        return tl::unexpected(std::move(status.error()));
      }
    }
  }
  std::move(communities.begin(), communities.end(), std::back_inserter(out));
  std::move(grids.begin(), grids.end(), std::back_inserter(out));
  return out;
}

}  // namespace civicgrid::cli
