// JSON request bodies: ParseObject, then the Fields readers as the routes use them (a case
// report, a case action, login and user bodies, API keys and webhooks, hotline orders), each
// result checked against the JSON it was read from.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/json_input.h"
#include "fuzz/fuzz_check.h"

namespace {

using civicgrid::api::Fields;
using civicgrid::fuzz::Check;
using nlohmann::json;

// Bookkeeping over one object: each read value must be what the JSON holds, and any field read
// wrongly typed must make Check() fail.
class Reader {
 public:
  explicit Reader(const json& object) : object_(object), fields_(object) {}

  void String(const char* name, bool required = false) {
    std::string v = fields_.String(name, required);
    const json* j = Find(name);
    if (!v.empty()) Check(j && j->is_string() && j->get<std::string>() == v, "String reads as is");
    if (j && !j->is_string()) bad_ = true;
    if (required && v.empty()) bad_ = true;
  }

  void Number(const char* name, bool required = false) {
    std::optional<double> v = fields_.Number(name, required);
    const json* j = Find(name);
    if (v) {
      Check(std::isfinite(*v), "Number is finite");
      Check(j && j->is_number() && j->get<double>() == *v, "Number reads as is");
    }
    if (j && !v) bad_ = true;
    if (required && !v) bad_ = true;
  }

  void Integer(const char* name, bool required = false) {
    std::optional<int64_t> v = fields_.Integer(name, required);
    const json* j = Find(name);
    if (v) CheckSame(*j, *v);
    if (j && !v) bad_ = true;
    if (required && !v) bad_ = true;
  }

  void Bool(const char* name) {
    std::optional<bool> v = fields_.Bool(name);
    const json* j = Find(name);
    if (v) Check(j && j->is_boolean() && j->get<bool>() == *v, "Bool reads as is");
    if (j && !v) bad_ = true;
  }

  void IntegerArray(const char* name) {
    std::vector<int64_t> v = fields_.IntegerArray(name);
    const json* j = Find(name);
    if (!v.empty()) {
      Check(j && j->is_array() && j->size() == v.size(), "IntegerArray keeps every element");
      for (size_t i = 0; i < v.size(); ++i) CheckSame((*j)[i], v[i]);
    } else if (j && !(j->is_array() && j->empty())) {
      bad_ = true;
    }
  }

  void StringArray(const char* name) {
    std::vector<std::string> v = fields_.StringArray(name);
    const json* j = Find(name);
    if (!v.empty()) {
      Check(j && j->is_array() && j->size() == v.size(), "StringArray keeps every element");
      for (size_t i = 0; i < v.size(); ++i) {
        Check((*j)[i].is_string() && (*j)[i].get<std::string>() == v[i], "StringArray as is");
      }
    } else if (j && !(j->is_array() && j->empty())) {
      bad_ = true;
    }
  }

  // Check() must fail exactly when some field was missing or wrongly typed.
  void Finish() {
    auto st = fields_.Check();
    Check(static_cast<bool>(st) == !bad_, "Check() fails exactly on a bad field");
    if (!st) Check(!st.error().fields.empty(), "a failed Check() names its fields");
  }

 private:
  // The field as Fields sees it: absent and null are the same.
  const json* Find(const char* name) const {
    auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  // An integer read must equal the JSON number: no wrap-around of large unsigned values.
  static void CheckSame(const json& j, int64_t v) {
    Check(j.is_number_integer(), "an integer is read from a JSON integer");
    if (j.is_number_unsigned()) {
      Check(v >= 0 && j.get<uint64_t>() == static_cast<uint64_t>(v), "Integer keeps the value");
    } else {
      Check(j.get<int64_t>() == v, "Integer keeps the value");
    }
  }

  const json& object_;
  Fields fields_;
  bool bad_ = false;
};

// POST /api/v1/cases (case_routes.cc).
void ReadReport(const json& body) {
  Reader f(body);
  f.String("category_code");
  f.String("category_kind");
  f.String("description");
  f.Number("lng");
  f.Number("lat");
  f.String("channel");
  f.String("urgency");
  f.String("address");
  f.String("reporter_phone");
  f.Bool("anonymous");
  f.StringArray("attachment_ids");
  f.Finish();
}

// POST /api/v1/cases/{id}/actions/{action} (case_routes.cc).
void ReadAction(const json& body) {
  Reader f(body);
  f.String("reason");
  f.String("note");
  f.Integer("department_id");
  f.IntegerArray("assisting_department_ids");
  f.StringArray("attachment_ids");
  f.String("result");
  f.Integer("score");
  f.String("satisfaction");
  f.Bool("solved");
  f.Integer("hours");
  f.Integer("into_case_id");
  f.Finish();
}

// Login, users, API keys, webhooks, hotline orders, points and notifications: the required
// readers and the remaining types.
void ReadOthers(const json& body) {
  Reader f(body);
  f.String("username", true);
  f.String("password", true);
  f.String("role", true);
  f.String("area_code", true);
  f.String("display_name");
  f.String("phone");
  f.String("url", true);
  f.StringArray("events");
  f.Bool("personal_data");
  f.Integer("per_minute");
  f.Number("points", true);
  f.Number("lng", true);
  f.Number("lat", true);
  f.IntegerArray("ids");
  f.Bool("all");
  f.String("external_id", true);
  f.String("category_code", true);
  f.String("description", true);
  f.Number("advance_ms");
  f.Finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(civicgrid::fuzz::AsText(data, size));
  auto strict = civicgrid::api::ParseObject(body, false);
  auto lenient = civicgrid::api::ParseObject(body, true);
  Check(static_cast<bool>(strict) == static_cast<bool>(lenient) || body.empty(),
        "empty_is_object only changes the empty body");
  if (!lenient) {
    Check(lenient.error().code == civicgrid::base::Code::kInvalidArgument, "a bad body is 400");
    return 0;
  }
  Check(lenient->is_object(), "a parsed body is an object");
  ReadReport(*lenient);
  ReadAction(*lenient);
  ReadOthers(*lenient);
  return 0;
}
