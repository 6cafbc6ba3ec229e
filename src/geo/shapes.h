// Polygon helpers on plain longitude/latitude coordinates: a guaranteed interior point, coverage,
// area, and two ways of partitioning a region (Voronoi cells, equal-area strips) without gaps.
// Every function is pure and may be called from any thread.
#pragma once

#include <vector>

#include "geo/geometry.h"

namespace civicgrid::geo {

// A point strictly inside `shape`: its centroid when that lies inside, otherwise the midpoint of
// the widest interior run of a horizontal scanline through the largest polygon. Precondition:
// `shape` is valid (see Normalize) with positive area; returns Point(0, 0) for an empty shape.
Point InteriorPoint(const MultiPolygon& shape);

// True when `p` lies inside `shape` or on its boundary (Boost.Geometry covered_by).
bool Contains(const MultiPolygon& shape, Point p);

// The area of `shape` in squared coordinate units (degrees² for lng/lat); 0 for an empty shape.
double AreaOf(const MultiPolygon& shape);

// The bounding box of `shape`'s outer rings; an inverted box (min > max) for an empty shape. Prefer
// it to boost::geometry::envelope on a MultiPolygon, which makes g++ 12 at -O2 report a false
// -Wmaybe-uninitialized inside Boost 1.74 (an error under -Werror).
Box BoundingBox(const MultiPolygon& shape);

// Closes every ring and orients it as Boost.Geometry expects (outer rings clockwise, holes
// counter-clockwise), in place.
void Normalize(MultiPolygon& shape);

// Partitions `region` into Voronoi cells: cell i is `region` ∩ {points no farther from sites[i]
// than from any other site}, computed by clipping a box around the region with one bisecting
// half-plane per other site and intersecting with `region`. The cells share their bisectors
// exactly, so they cover `region` without gaps and overlap only on boundaries. A cell may be empty
// when its site lies outside `region`. Sites should be distinct; of coinciding sites only the first
// keeps a cell. Returns one cell per site (none when `sites` is empty).
std::vector<MultiPolygon> VoronoiPartition(const MultiPolygon& region,
                                           const std::vector<Point>& sites);

// Splits `region` into `n` non-empty parts that cover it without overlap: vertical strips at
// longitudes found by bisection so each holds 1/n of the area (horizontal strips if a vertical
// strip comes out empty; as a last resort the largest part is halved until there are n). Returns
// exactly n parts whenever n >= 1 and `region` has positive area (fewer only for numerically
// degenerate slivers that cannot be halved); an empty vector when n < 1 or `region` has no area.
std::vector<MultiPolygon> SplitIntoParts(const MultiPolygon& region, int n);

}  // namespace civicgrid::geo
