#include "support/openapi_routes.h"

#include <cctype>
#include <fstream>
#include <regex>

namespace civicgrid::testing {

std::string NormalRoutePath(std::string path) {
  path = std::regex_replace(path, std::regex(R"(\{[^}]*\}\.\{format\})"), "{}");
  return std::regex_replace(path, std::regex(R"(\{[^}]*\})"), "{}");
}

std::set<Route> DocumentedRoutes(const std::string& openapi_yaml) {
  std::set<Route> out;
  std::ifstream in(openapi_yaml);
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
        const std::string stem = NormalRoutePath(path.substr(0, path.size() - suffix.size()));
        out.insert({method, stem + ".xml"});
        out.insert({method, stem + ".json"});
      } else {
        out.insert({method, NormalRoutePath(path)});
      }
    } else if (line.rfind("components:", 0) == 0) {
      path.clear();
    }
  }
  return out;
}

}  // namespace civicgrid::testing
