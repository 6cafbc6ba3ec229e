#include "geo/grid_index.h"

#include <iterator>
#include <limits>

#include "geo/shapes.h"

namespace civicgrid::geo {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

void GridIndex::Add(std::string code, MultiPolygon shape) {
  const std::size_t index = grids_.size();
  if (!shape.empty()) tree_.insert(Entry(BoundingBox(shape), index));
  grids_.emplace_back(std::move(code), std::move(shape));
}

std::optional<std::string> GridIndex::Locate(Point p) const {
  std::vector<Entry> candidates;
  tree_.query(bgi::intersects(p), std::back_inserter(candidates));
  std::size_t best = std::numeric_limits<std::size_t>::max();
  for (const Entry& candidate : candidates) {
    if (candidate.second < best && bg::covered_by(p, grids_[candidate.second].second)) {
      best = candidate.second;
    }
  }
  if (best == std::numeric_limits<std::size_t>::max()) return std::nullopt;
  return grids_[best].first;
}

}  // namespace civicgrid::geo
