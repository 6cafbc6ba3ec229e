// GridIndex: finds the unit grid (网格) whose polygon covers a point, e.g. to route a reported
// location to its grid. An R-tree over the grids' bounding boxes picks candidates; an exact
// covered_by test decides.
#pragma once

#include <boost/geometry/index/rtree.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/geometry.h"

namespace civicgrid::geo {

class GridIndex {
 public:
  GridIndex() = default;

  // Adds a grid. `shape` is WGS-84 and should be valid (see Normalize in shapes.h); an empty shape
  // is kept but never matches. Not thread-safe: build the index on one thread, then share it
  // read-only. Never call Add while another thread may call Locate — to change the grids, build a
  // new index and swap it in (e.g. behind a std::shared_ptr<const GridIndex>).
  void Add(std::string code, MultiPolygon shape);

  // The code of a grid whose polygon covers `p` (boundary included), or nullopt when none does.
  // When `p` lies on a boundary shared by several grids, the one added first wins. Safe to call
  // concurrently from any number of threads once building is done.
  std::optional<std::string> Locate(Point p) const;

  // The number of grids added.
  std::size_t Size() const { return grids_.size(); }

 private:
  using Entry = std::pair<Box, std::size_t>;  // bounding box, index into grids_

  boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>> tree_;
  std::vector<std::pair<std::string, MultiPolygon>> grids_;
};

}  // namespace civicgrid::geo
