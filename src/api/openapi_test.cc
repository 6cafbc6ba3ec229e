// docs/openapi.yaml covers every route the server registers, with its method, and names no
// route that does not exist. Path parameters match whatever their names; an Open311 path's
// ".{format}" stands for its ".xml" and ".json" routes, and "{id}.{format}" for one "{file}".
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/app.h"

namespace civicgrid::api {
namespace {

std::string Normal(std::string path) {
  path = std::regex_replace(path, std::regex(R"(\{[^}]*\}\.\{format\})"), "{}");
  path = std::regex_replace(path, std::regex(R"(\{[^}]*\})"), "{}");
  return path;
}

TEST(OpenApiTest, TheDocumentCoversEveryRoute) {
  std::ifstream in(std::string(CIVICGRID_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_TRUE(in) << "docs/openapi.yaml";
  std::set<std::pair<std::string, std::string>> documented;
  std::string line, path;
  const std::regex path_line(R"(^  (/\S*):\s*$)");
  const std::regex method_line(R"(^    (get|post|put|patch|delete):\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, path_line)) {
      path = m[1];
    } else if (!path.empty() && std::regex_match(line, m, method_line)) {
      std::string method = m[1];
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string suffix = ".{format}";
      const bool formats = path.size() > suffix.size() &&
                           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                           path[path.size() - suffix.size() - 1] != '}';
      if (formats) {
        const std::string stem = Normal(path.substr(0, path.size() - suffix.size()));
        documented.insert({method, stem + ".xml"});
        documented.insert({method, stem + ".json"});
      } else {
        documented.insert({method, Normal(path)});
      }
    } else if (line.rfind("components:", 0) == 0) {
      path.clear();
    }
  }
  ASSERT_GT(documented.size(), 40u);

  Services none;
  App app(none);
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& [method, pattern] : app.Routes()) served.insert({method, Normal(pattern)});
  // Served by the app outside the router: the reference itself.
  served.insert({"GET", "/api/docs"});
  served.insert({"GET", "/api/openapi.yaml"});
  for (const auto& route : served) {
    EXPECT_TRUE(documented.count(route))
        << route.first << " " << route.second << " is not in docs/openapi.yaml";
  }
  for (const auto& route : documented) {
    EXPECT_TRUE(served.count(route))
        << route.first << " " << route.second << " is documented but not served";
  }
}

}  // namespace
}  // namespace civicgrid::api
