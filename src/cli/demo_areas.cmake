# The Changning demo areas (civicgrid serve --demo): included from src/cli/CMakeLists.txt.
add_library(civicgrid_demo_areas ${CMAKE_CURRENT_LIST_DIR}/demo_areas.cc)
target_link_libraries(civicgrid_demo_areas PUBLIC civicgrid_geo civicgrid_areas
                                                  nlohmann_json::nlohmann_json)

civicgrid_test(demo_areas_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/demo_areas_test.cc
               LIBS civicgrid_demo_areas)
