#include "geo/coords.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace civicgrid::geo {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kSemiMajorAxis = 6378245.0;                // Krasovsky 1940, metres
constexpr double kEccentricitySq = 0.00669342162296594323;  // Krasovsky 1940, e^2
constexpr double kInverseTolerance = 1e-9;                  // degrees
constexpr int kMaxInverseIterations = 30;

double TransformLat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double TransformLng(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

}  // namespace

bool OutOfChina(Point p) {
  return p.x() < 72.004 || p.x() > 137.8347 || p.y() < 0.8293 || p.y() > 55.8271;
}

double MetersBetween(Point a, Point b) {
  constexpr double kEarthRadiusM = 6'371'008.8;
  const double rad = kPi / 180.0;
  const double d_lat = (b.y() - a.y()) * rad;
  const double d_lng = (b.x() - a.x()) * rad;
  const double h =
      std::sin(d_lat / 2) * std::sin(d_lat / 2) +
      std::cos(a.y() * rad) * std::cos(b.y() * rad) * std::sin(d_lng / 2) * std::sin(d_lng / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

Point Wgs84ToGcj02(Point wgs) {
  if (OutOfChina(wgs)) return wgs;
  const double lng = wgs.x();
  const double lat = wgs.y();
  double d_lat = TransformLat(lng - 105.0, lat - 35.0);
  double d_lng = TransformLng(lng - 105.0, lat - 35.0);
  const double rad_lat = lat / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1.0 - kEccentricitySq * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  d_lat =
      (d_lat * 180.0) / ((kSemiMajorAxis * (1.0 - kEccentricitySq)) / (magic * sqrt_magic) * kPi);
  d_lng = (d_lng * 180.0) / (kSemiMajorAxis / sqrt_magic * std::cos(rad_lat) * kPi);
  return Point(lng + d_lng, lat + d_lat);
}

Point Gcj02ToWgs84(Point gcj) {
  if (OutOfChina(gcj)) return gcj;
  // The offset varies slowly, so x ← x + (gcj − f(x)) converges in a handful of steps.
  Point wgs = gcj;
  for (int i = 0; i < kMaxInverseIterations; ++i) {
    const Point forward = Wgs84ToGcj02(wgs);
    const double dx = gcj.x() - forward.x();
    const double dy = gcj.y() - forward.y();
    wgs = Point(wgs.x() + dx, wgs.y() + dy);
    if (std::abs(dx) < kInverseTolerance && std::abs(dy) < kInverseTolerance) break;
  }
  return wgs;
}

}  // namespace civicgrid::geo
