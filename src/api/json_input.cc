#include "api/json_input.h"

#include <cmath>
#include <limits>

namespace civicgrid::api {
namespace {

// A JSON whole number that fits int64_t: nlohmann keeps one above INT64_MAX as unsigned, and
// get<int64_t>() would wrap it to a negative number.
bool IsInt64(const nlohmann::json& v) {
  return v.is_number_integer() &&
         (!v.is_number_unsigned() ||
          v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
}

}  // namespace

base::Result<nlohmann::json> ParseObject(const std::string& body, bool empty_is_object) {
  if (body.empty() && empty_is_object) return nlohmann::json::object();
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded())
    return base::Fail(base::Code::kInvalidArgument, "the body is not valid JSON");
  if (!j.is_object())
    return base::Fail(base::Code::kInvalidArgument, "the body must be a JSON object");
  return j;
}

const nlohmann::json* Fields::Get(const char* name, bool required) {
  auto it = j_.find(name);
  if (it == j_.end() || it->is_null()) {
    if (required) errors_[name] = "required";
    return nullptr;
  }
  return &*it;
}

std::string Fields::String(const char* name, bool required) {
  const auto* v = Get(name, required);
  if (!v) return "";
  if (!v->is_string()) {
    errors_[name] = "must be a string";
    return "";
  }
  auto s = v->get<std::string>();
  if (required && s.empty()) errors_[name] = "required: must not be empty";
  return s;
}

std::optional<double> Fields::Number(const char* name, bool required) {
  const auto* v = Get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    errors_[name] = "must be a number";
    return std::nullopt;
  }
  double d = v->get<double>();
  if (!std::isfinite(d)) {
    errors_[name] = "must be a finite number";
    return std::nullopt;
  }
  return d;
}

std::optional<int64_t> Fields::Integer(const char* name, bool required) {
  const auto* v = Get(name, required);
  if (!v) return std::nullopt;
  if (!IsInt64(*v)) {
    errors_[name] = "must be a whole number";
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<bool> Fields::Bool(const char* name) {
  const auto* v = Get(name, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    errors_[name] = "must be true or false";
    return std::nullopt;
  }
  return v->get<bool>();
}

std::vector<int64_t> Fields::IntegerArray(const char* name) {
  const auto* v = Get(name, false);
  std::vector<int64_t> out;
  if (!v) return out;
  if (!v->is_array()) {
    errors_[name] = "must be an array of whole numbers";
    return out;
  }
  for (const auto& e : *v) {
    if (!IsInt64(e)) {
      errors_[name] = "must be an array of whole numbers";
      return {};
    }
    out.push_back(e.get<int64_t>());
  }
  return out;
}

std::vector<std::string> Fields::StringArray(const char* name) {
  const auto* v = Get(name, false);
  std::vector<std::string> out;
  if (!v) return out;
  if (!v->is_array()) {
    errors_[name] = "must be an array of strings";
    return out;
  }
  for (const auto& e : *v) {
    if (!e.is_string()) {
      errors_[name] = "must be an array of strings";
      return {};
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

base::Status Fields::Check() const {
  if (errors_.empty()) return base::Ok();
  return base::InvalidFields("the request has invalid fields", errors_);
}

}  // namespace civicgrid::api
