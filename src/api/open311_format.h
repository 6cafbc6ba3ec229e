// Open311 GeoReport v2 documents in either of the spec's formats: JSON as built, or XML (the
// spec's required format) with the spec's element names: an array is an element holding one
// child per item, named for the array ("services" → "service", "service_requests" → "request",
// "errors" → "error", "endpoints" → "endpoint", "formats" → "format", "attributes" →
// "attribute", "values" → "value").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/message.h"

namespace civicgrid::api::open311 {

enum class Format { kXml, kJson };

// "services.json" → ("services", kJson); nullopt when the extension is neither xml nor json.
std::optional<std::pair<std::string, Format>> SplitFormat(const std::string& file);

// `doc` under the root element `root` (XML) or as is (JSON).
http::Response Reply(int status, Format format, const std::string& root, const nlohmann::json& doc);
// The spec's error list: [{"code": status, "description": …}].
http::Response ErrorReply(int status, Format format, const std::string& description);

}  // namespace civicgrid::api::open311
