// Typed reading of JSON request bodies: every wrong type or missing field is collected and
// reported together, by field name.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace civicgrid::api {

// Parses a body that must be a JSON object (an empty body counts as {} when allowed).
[[nodiscard]] base::Result<nlohmann::json> ParseObject(const std::string& body,
                                                       bool empty_is_object);

class Fields {
 public:
  explicit Fields(const nlohmann::json& object) : j_(object) {}

  std::string String(const char* name, bool required = false);
  std::optional<double> Number(const char* name, bool required = false);
  std::optional<int64_t> Integer(const char* name, bool required = false);
  std::optional<bool> Bool(const char* name);
  std::vector<int64_t> IntegerArray(const char* name);
  std::vector<std::string> StringArray(const char* name);

  // kInvalidArgument naming every bad field, or Ok.
  [[nodiscard]] base::Status Check() const;

 private:
  const nlohmann::json* Get(const char* name, bool required);
  const nlohmann::json& j_;
  std::map<std::string, std::string> errors_;
};

}  // namespace civicgrid::api
