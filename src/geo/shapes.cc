#include "geo/shapes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <utility>

namespace civicgrid::geo {
namespace bg = boost::geometry;
namespace {

// An open ring (no repeated closing point), used for the convex cells and half-plane clipping.
using OpenRing = std::vector<Point>;

// Scanline heights tried by InteriorPoint, as fractions of the bounding box, centre first.
constexpr std::array<double, 9> kScanFractions = {0.5,   0.375, 0.625,  0.25,  0.75,
                                                  0.125, 0.875, 0.0625, 0.9375};
// A split part smaller than this fraction of the whole counts as empty (a numerical sliver).
constexpr double kMinPartFraction = 1e-9;
constexpr int kBisectionSteps = 64;
// Clip boxes extend this fraction past the region's envelope: enough to be strictly outside it,
// small enough to keep coordinates in the region's range.
constexpr double kFrameMargin = 0.01;

// Keeps the part of `ring` where side(p) <= 0 (Sutherland–Hodgman against one half-plane). Exact
// for convex rings; for any simple ring the result's signed area is that of the clipped region.
template <typename Side>
OpenRing ClipRing(const OpenRing& ring, Side side) {
  OpenRing out;
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& prev = ring[(i + n - 1) % n];
    const Point& cur = ring[i];
    const double f_prev = side(prev);
    const double f_cur = side(cur);
    if ((f_prev <= 0) != (f_cur <= 0)) {
      const double t = f_prev / (f_prev - f_cur);
      out.emplace_back(prev.x() + t * (cur.x() - prev.x()), prev.y() + t * (cur.y() - prev.y()));
    }
    if (f_cur <= 0) out.push_back(cur);
  }
  return out;
}

OpenRing ToOpen(const Polygon::ring_type& ring) {
  OpenRing out(ring.begin(), ring.end());
  if (out.size() > 1 && bg::equals(out.front(), out.back())) out.pop_back();
  return out;
}

double SignedArea(const OpenRing& ring) {
  double twice = 0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    twice += a.x() * b.y() - b.x() * a.y();
  }
  return twice / 2;
}

MultiPolygon ToMulti(const OpenRing& ring) {
  MultiPolygon out;
  if (ring.size() < 3) return out;
  Polygon poly;
  poly.outer().assign(ring.begin(), ring.end());
  poly.outer().push_back(ring.front());
  bg::correct(poly);
  out.push_back(std::move(poly));
  return out;
}

Box GrownEnvelope(const MultiPolygon& shape) {
  const Box box = BoundingBox(shape);
  const double margin =
      kFrameMargin * std::max({box.max_corner().x() - box.min_corner().x(),
                               box.max_corner().y() - box.min_corner().y(), 1e-6});
  return Box(Point(box.min_corner().x() - margin, box.min_corner().y() - margin),
             Point(box.max_corner().x() + margin, box.max_corner().y() + margin));
}

OpenRing BoxRing(double x0, double y0, double x1, double y1) {
  return {Point(x0, y0), Point(x0, y1), Point(x1, y1), Point(x1, y0)};
}

// The area of the part of `shape` whose coordinate on `axis` (0 = x, 1 = y) is at most `cut`.
double AreaBelow(const MultiPolygon& shape, int axis, double cut) {
  auto side = [&](const Point& p) { return (axis == 0 ? p.x() : p.y()) - cut; };
  double area = 0;
  for (const Polygon& poly : shape) {
    area += std::abs(SignedArea(ClipRing(ToOpen(poly.outer()), side)));
    for (const auto& inner : poly.inners()) {
      area -= std::abs(SignedArea(ClipRing(ToOpen(inner), side)));
    }
  }
  return area;
}

// Equal-area strips across `axis`; nullopt when some strip comes out (numerically) empty.
std::optional<std::vector<MultiPolygon>> StripSplit(const MultiPolygon& region, int n, int axis) {
  const double total = AreaOf(region);
  const Box env = GrownEnvelope(region);
  const double lo = axis == 0 ? env.min_corner().x() : env.min_corner().y();
  const double hi = axis == 0 ? env.max_corner().x() : env.max_corner().y();
  std::vector<double> cuts = {lo};
  for (int k = 1; k < n; ++k) {
    const double target = total * k / n;
    double a = cuts.back();
    double b = hi;
    for (int step = 0; step < kBisectionSteps && a < b; ++step) {
      const double mid = a + (b - a) / 2;
      if (AreaBelow(region, axis, mid) < target) {
        a = mid;
      } else {
        b = mid;
      }
    }
    cuts.push_back(b);
  }
  cuts.push_back(hi);
  std::vector<MultiPolygon> parts;
  for (int k = 0; k < n; ++k) {
    const OpenRing strip =
        axis == 0 ? BoxRing(cuts[k], env.min_corner().y(), cuts[k + 1], env.max_corner().y())
                  : BoxRing(env.min_corner().x(), cuts[k], env.max_corner().x(), cuts[k + 1]);
    MultiPolygon part;
    bg::intersection(region, ToMulti(strip), part);
    if (AreaOf(part) <= total * kMinPartFraction) return std::nullopt;
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace

Point InteriorPoint(const MultiPolygon& shape) {
  if (shape.empty()) return Point(0, 0);
  Point centroid(0, 0);
  if (AreaOf(shape) > 0) {
    bg::centroid(shape, centroid);
    if (bg::within(centroid, shape)) return centroid;
  }
  const Polygon* largest = &shape.front();
  for (const Polygon& poly : shape) {
    if (bg::area(poly) > bg::area(*largest)) largest = &poly;
  }
  const Box box = bg::return_envelope<Box>(*largest);
  for (double fraction : kScanFractions) {
    const double y =
        box.min_corner().y() + fraction * (box.max_corner().y() - box.min_corner().y());
    std::vector<double> xs;
    auto add_crossings = [&](const Polygon::ring_type& ring) {
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const Point& a = ring[i];
        const Point& b = ring[i + 1];
        if ((a.y() > y) != (b.y() > y)) {
          xs.push_back(a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y()));
        }
      }
    };
    add_crossings(largest->outer());
    for (const auto& inner : largest->inners()) add_crossings(inner);
    std::sort(xs.begin(), xs.end());
    // Consecutive crossing pairs bound the interior runs of the scanline.
    double best_width = 0;
    Point best(0, 0);
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
      if (xs[i + 1] - xs[i] > best_width) {
        best_width = xs[i + 1] - xs[i];
        best = Point(xs[i] + best_width / 2, y);
      }
    }
    if (best_width > 0 && bg::within(best, shape)) return best;
  }
  return centroid;
}

bool Contains(const MultiPolygon& shape, Point p) { return bg::covered_by(p, shape); }

double AreaOf(const MultiPolygon& shape) { return shape.empty() ? 0.0 : bg::area(shape); }

Box BoundingBox(const MultiPolygon& shape) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Box box(Point(kInf, kInf), Point(-kInf, -kInf));
  for (const Polygon& poly : shape) {
    for (const Point& p : poly.outer()) {
      box.min_corner() =
          Point(std::min(box.min_corner().x(), p.x()), std::min(box.min_corner().y(), p.y()));
      box.max_corner() =
          Point(std::max(box.max_corner().x(), p.x()), std::max(box.max_corner().y(), p.y()));
    }
  }
  return box;
}

void Normalize(MultiPolygon& shape) { bg::correct(shape); }

std::vector<MultiPolygon> VoronoiPartition(const MultiPolygon& region,
                                           const std::vector<Point>& sites) {
  std::vector<MultiPolygon> cells(sites.size());
  if (sites.empty() || region.empty()) return cells;
  // Cells are clipped from a frame just around the region; sites outside it still contribute their
  // bisectors, and a site whose cell misses the region gets an empty cell.
  const Box big = GrownEnvelope(region);
  const OpenRing start = BoxRing(big.min_corner().x(), big.min_corner().y(), big.max_corner().x(),
                                 big.max_corner().y());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const Point& si = sites[i];
    OpenRing cell = start;
    for (std::size_t j = 0; j < sites.size() && cell.size() >= 3; ++j) {
      if (j == i) continue;
      const Point& sj = sites[j];
      const double dx = sj.x() - si.x();
      const double dy = sj.y() - si.y();
      if (dx == 0 && dy == 0) {
        if (j < i) cell.clear();  // the first of coinciding sites keeps the cell
        continue;
      }
      // Keep (p − m)·(sj − si) ≤ 0 with m the midpoint. Cell j evaluates exactly the negation of
      // this expression, so neighbouring cells share the bisector bit for bit.
      const double mx = (si.x() + sj.x()) / 2;
      const double my = (si.y() + sj.y()) / 2;
      cell = ClipRing(cell, [&](const Point& p) { return (p.x() - mx) * dx + (p.y() - my) * dy; });
    }
    if (cell.size() < 3) continue;
    bg::intersection(region, ToMulti(cell), cells[i]);
  }
  return cells;
}

std::vector<MultiPolygon> SplitIntoParts(const MultiPolygon& region, int n) {
  if (n < 1 || AreaOf(region) <= 0) return {};
  if (n == 1) return {region};
  if (auto parts = StripSplit(region, n, 0)) return std::move(*parts);
  if (auto parts = StripSplit(region, n, 1)) return std::move(*parts);
  // Last resort: halve the largest part until there are n.
  std::vector<MultiPolygon> parts = {region};
  while (static_cast<int>(parts.size()) < n) {
    auto largest = std::max_element(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
      return AreaOf(a) < AreaOf(b);
    });
    auto halves = StripSplit(*largest, 2, 0);
    if (!halves) halves = StripSplit(*largest, 2, 1);
    if (!halves) break;
    *largest = std::move((*halves)[0]);
    parts.push_back(std::move((*halves)[1]));
  }
  return parts;
}

}  // namespace civicgrid::geo
