// Open311 form posts (POST /open311/v2/requests.{xml,json} as application/x-www-form-urlencoded)
// and the request filters in a query string: the text decoded as open311_routes.cc's AllParams
// does (http::ParseQuery), the checks on its values that need no database (a jurisdiction's area
// code, a service code's kind, the W3C dates of the filters, a {file}.{format} path segment), and
// the spec's error reply, which echoes what was sent, in both formats. The rest of the submission
// checks (ReadSubmission) sit in open311_routes.cc behind the catalog and areas services.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>

#include "api/open311_format.h"
#include "base/iso_time.h"
#include "fuzz/fuzz_check.h"
#include "http/message.h"
#include "modules/areas/area_code.h"
#include "modules/catalog/catalog.h"

namespace {

namespace areas = civicgrid::areas;
namespace base = civicgrid::base;
namespace http = civicgrid::http;
namespace open311 = civicgrid::api::open311;
using civicgrid::fuzz::Check;

constexpr int64_t kShanghaiOffsetMs = int64_t{8} * 3600 * 1000;

void CheckValue(const std::string& value) {
  if (auto level = areas::LevelOfCode(value)) {
    Check(areas::Within(value, value), "a code lies within itself");
    auto [low, high] = areas::CodeRange(value);
    Check(low <= value && value < high, "a code lies in its own range");
    (void)areas::SignificantPrefix(value);
    (void)areas::AncestorAt(value, areas::AreaLevel::kDistrict);
  }
  (void)civicgrid::catalog::ParseKind(value.substr(0, value.find('-')));
  (void)base::ParseIsoDateTime(value, kShanghaiOffsetMs);
  if (auto split = open311::SplitFormat(value)) {
    const char* ext = split->second == open311::Format::kJson ? ".json" : ".xml";
    Check(split->first + ext == value, "SplitFormat splits at the extension");
  }
}

// The error list that answers a bad submission, naming every field with what was sent.
void CheckErrorReply(const std::string& description) {
  auto json_reply = open311::ErrorReply(400, open311::Format::kJson, description);
  Check(json_reply.status == 400, "the error status is kept");
  auto doc = nlohmann::json::parse(json_reply.body, nullptr, false);
  Check(doc.is_array() && doc.size() == 1 && doc[0]["description"].is_string(),
        "a JSON error reply is the spec's error list");
  auto xml_reply = open311::ErrorReply(400, open311::Format::kXml, description);
  pugi::xml_document xml;
  Check(static_cast<bool>(xml.load_string(xml_reply.body.c_str())), "an XML error reply parses");
  Check(static_cast<bool>(xml.child("errors").child("error").child("description")),
        "an XML error reply is the spec's error list");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto params = http::ParseQuery(civicgrid::fuzz::AsText(data, size));
  std::string description;
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& [key, value] : params) {
    CheckValue(value);
    description += (description.empty() ? "" : "; ") + key + ": " + value;
    requests.push_back({{"service_request_id", key}, {"token", value}});
  }
  CheckErrorReply(description);
  // Accepted submissions are answered with what the client sent back in it (service codes,
  // tokens), in both formats.
  (void)open311::Reply(200, open311::Format::kJson, "service_requests", requests);
  (void)open311::Reply(200, open311::Format::kXml, "service_requests", requests);
  return 0;
}
