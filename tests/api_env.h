// One demo server shared by every API test of the binary (starting it loads 长宁区 and hashes
// eight passwords, so it is done once).
#pragma once

#include <gtest/gtest.h>

#include "support/test_server.h"

namespace civicgrid::testing {

TestServer& Server();

// Helpers over the demo data.
struct Demo {
  // A point inside the inspector's grid (in the dispatcher's street).
  static std::pair<double, double> InspectorPoint();
  // Reports a case as `role` at the inspector's point; returns the created case JSON.
  static nlohmann::json Report(const std::string& token, const std::string& channel,
                               const std::string& phone = "");
  static std::string UploadPhoto(const std::string& token);
};

}  // namespace civicgrid::testing
