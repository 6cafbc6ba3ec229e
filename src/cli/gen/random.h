// A small deterministic generator for `civicgrid gen`: SplitMix64, and the few distributions
// the synthetic city needs written out here, so that one seed gives the same city everywhere
// (the standard library's distributions differ between implementations).
#pragma once

#include <cmath>
#include <cstdint>

namespace civicgrid::cli::gen {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(double p) { return Unit() < p; }
  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * std::log(1.0 - Unit()); }
  // Log-normal with the given median and spread (sigma of the underlying normal).
  double LogNormal(double median, double sigma) {
    double u1 = 1.0 - Unit(), u2 = Unit();
    double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    return median * std::exp(sigma * normal);
  }

 private:
  uint64_t state_;
};

}  // namespace civicgrid::cli::gen
