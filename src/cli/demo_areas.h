// The Changning (长宁区, Shanghai) demo areas for `civicgrid serve --demo`: real 2016 statistical
// codes and names and the real district outline (Vonng/adcode, CC BY 4.0), with SYNTHETIC street,
// community and grid polygons, household counts and grid staff, generated deterministically.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "modules/areas/area.h"

namespace civicgrid::cli {

// Builds the four-level area tree of 长宁区 from `<data_dir>/divisions_310105_2016.csv` and
// `<data_dir>/boundary_310105.geojson` (both GCJ-02; every coordinate is converted to WGS-84):
//   - the district (county row), whose boundary is the real outline;
//   - streets (town rows): Voronoi cells of the published street centres, clipped to the outline.
//     A street without a centre (江苏路街道 in 2016) uses the mean of its communities' centres; a
//     centre that is missing, outside its parent or crowding an earlier one is replaced by a
//     pseudo-random point inside the parent, seeded by the area's code;
//   - communities (village rows): Voronoi cells of their centres (same rules) inside their street;
//   - grids: each community gets a pseudo-random 900–1500 households and is split into
//     equal-area strips so that every grid holds 200–300; code = community code + "001"…, name
//     "<community>第N网格", a mostly-routine mix of grid types and synthetic staff names.
// The grids tile the outline: every point of the district lies in exactly one grid (up to shared
// boundaries). Every area has a non-empty boundary, a `center` inside it and vintage "2016".
// Output order: the district, then streets, communities and grids, each in code order (parents
// always precede children). The result depends only on the two files: same input, same output.
// Errors: kNotFound when a file cannot be read, kInvalidArgument when a file is malformed (bad
// codes, unknown parents, a street without communities), kInternal if the geometry degenerates.
// Pure function of its inputs; safe to call from any thread. Takes well under a second.
[[nodiscard]] base::Result<std::vector<areas::Area>> BuildChangningAreas(
    const std::string& data_dir);

}  // namespace civicgrid::cli
