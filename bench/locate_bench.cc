// Locate: the grid covering a point, over the unit grids of a synthetic megacity (the same city
// `civicgrid gen` builds; 50,000 grids by default: 16 districts × 14 streets × 28 communities ×
// 8 grids = 50,176). Run: build/bench/bench_locate [--benchmark_...]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "cli/gen/city.h"
#include "cli/gen/random.h"
#include "geo/grid_index.h"

namespace {

using civicgrid::cli::gen::CityShape;

struct City {
  civicgrid::geo::GridIndex index;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the city's bounding box
};

const City& MegaCity() {
  static const City* city = [] {
    auto* c = new City();
    CityShape shape{16, 14, 28, 8, 0, 1};
    c->x0 = c->y0 = 1e9;
    c->x1 = c->y1 = -1e9;
    for (auto& a : civicgrid::cli::gen::BuildAreas(shape)) {
      if (a.level != civicgrid::areas::AreaLevel::kGrid) continue;
      for (const auto& p : a.boundary.front().outer()) {
        c->x0 = std::min(c->x0, p.x());
        c->x1 = std::max(c->x1, p.x());
        c->y0 = std::min(c->y0, p.y());
        c->y1 = std::max(c->y1, p.y());
      }
      c->index.Add(a.code, std::move(a.boundary));
    }
    return c;
  }();
  return *city;
}

// Random points inside the city's box (the lattice is not full at its edges: some miss).
void BM_Locate(benchmark::State& state) {
  const City& city = MegaCity();
  civicgrid::cli::gen::Random rng(42);
  std::vector<civicgrid::geo::Point> points;
  for (int i = 0; i < 4096; ++i) {
    points.emplace_back(city.x0 + rng.Unit() * (city.x1 - city.x0),
                        city.y0 + rng.Unit() * (city.y1 - city.y0));
  }
  size_t i = 0;
  int64_t found = 0;
  for (auto _ : state) {
    auto code = city.index.Locate(points[i++ & 4095]);
    found += code ? 1 : 0;
    benchmark::DoNotOptimize(code);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["grids"] = static_cast<double>(city.index.Size());
  state.counters["hit_rate"] =
      benchmark::Counter(static_cast<double>(found) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_Locate);

}  // namespace

BENCHMARK_MAIN();
