// The synthetic city of `civicgrid gen`: a rectangle of districts, each split into streets,
// communities and unit grids with rectangular boundaries and national-style codes under the
// fictitious province 91 (never a real area), its departments and responsibility list, and its
// staff and residents. Everything follows from the shape and the seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "modules/areas/area.h"

namespace civicgrid::cli::gen {

struct CityShape {
  int districts = 1;
  int streets = 10;      // per district
  int communities = 20;  // per street
  int grids = 5;         // per community
  int residents = 4;     // resident accounts per grid
  uint64_t seed = 1;
};

// Areas in parent-before-child order: districts, then per district its streets, communities and
// grids. Grids are cells of a lattice over a box around 31.2°N 121.4°E sized to the city.
std::vector<areas::Area> BuildAreas(const CityShape& shape);

// departments.csv and responsibility.csv in the import formats (the demo's pattern: two
// district-wide departments per district and six per street; "*" goes to the street's 城管中队).
struct CityCatalog {
  std::string departments_csv;
  std::string responsibility_csv;
};
CityCatalog BuildCatalog(const std::vector<areas::Area>& areas);

// The department a street's case of a class goes to, by name (the names BuildCatalog uses).
std::string StreetEnforcementName(const std::string& street_name);

}  // namespace civicgrid::cli::gen
