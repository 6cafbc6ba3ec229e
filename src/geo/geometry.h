// Geometry types shared by every layer: WGS-84 points (x = longitude, y = latitude) and polygons,
// built on Boost.Geometry.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

namespace civicgrid::geo {

using Point = boost::geometry::model::d2::point_xy<double>;
using Polygon = boost::geometry::model::polygon<Point>;  // clockwise outer ring, closed
using MultiPolygon = boost::geometry::model::multi_polygon<Polygon>;
using Box = boost::geometry::model::box<Point>;

}  // namespace civicgrid::geo
