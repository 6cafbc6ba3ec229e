// Coordinate datums: converts between WGS-84 (GPS, what CivicGrid stores) and GCJ-02 (the datum of
// Amap and most Chinese web maps, offset from WGS-84 by a few hundred metres inside China).
#pragma once

#include "geo/geometry.h"

namespace civicgrid::geo {

// True when (lng, lat) lies outside the rough mainland-China box in which GCJ-02 differs from
// WGS-84 (the conventional test of the public GCJ-02 formula). Both conversions return such points
// unchanged.
bool OutOfChina(Point p);

// The great-circle distance in metres between two WGS-84 points (haversine on a sphere of the
// Earth's mean radius: within 0.5% of the ellipsoid, enough for "within 200 m").
double MetersBetween(Point a, Point b);

// WGS-84 → GCJ-02 by the public GCJ-02 obfuscation formula (Krasovsky 1940 ellipsoid constants).
// Pure function; safe to call from any thread.
Point Wgs84ToGcj02(Point wgs);

// GCJ-02 → WGS-84. The formula has no closed-form inverse, so this iterates the forward formula
// (fixed-point correction) until it round-trips to better than 1e-9 degrees; the result is accurate
// to about 1e-6 degrees or better. Pure function; safe to call from any thread.
Point Gcj02ToWgs84(Point gcj);

}  // namespace civicgrid::geo
