#include "api/open311_format.h"

#include <map>
#include <pugixml.hpp>
#include <sstream>

namespace civicgrid::api::open311 {
namespace {

const std::string& ItemName(const std::string& array) {
  static const std::map<std::string, std::string> kItems = {
      {"services", "service"},   {"service_requests", "request"}, {"errors", "error"},
      {"endpoints", "endpoint"}, {"formats", "format"},           {"attributes", "attribute"},
      {"values", "value"}};
  static const std::string kItem = "item";
  auto it = kItems.find(array);
  return it == kItems.end() ? kItem : it->second;
}

std::string Scalar(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

void Append(pugi::xml_node parent, const std::string& name, const nlohmann::json& v) {
  pugi::xml_node node = parent.append_child(name.c_str());
  if (v.is_array()) {
    for (const auto& item : v) Append(node, ItemName(name), item);
  } else if (v.is_object()) {
    for (const auto& [key, value] : v.items()) Append(node, key, value);
  } else {
    node.text().set(Scalar(v).c_str());
  }
}

}  // namespace

std::optional<std::pair<std::string, Format>> SplitFormat(const std::string& file) {
  const size_t dot = file.rfind('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  const std::string ext = file.substr(dot + 1);
  if (ext == "json") return std::pair{file.substr(0, dot), Format::kJson};
  if (ext == "xml") return std::pair{file.substr(0, dot), Format::kXml};
  return std::nullopt;
}

http::Response Reply(int status, Format format, const std::string& root,
                     const nlohmann::json& doc) {
  http::Response res;
  res.status = status;
  if (format == Format::kJson) {
    // Form posts are not checked for UTF-8 and error descriptions echo what was sent: invalid
    // bytes become U+FFFD rather than an exception (a 500 instead of the spec's error list).
    res.body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return res;
  }
  pugi::xml_document xml;
  auto decl = xml.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  Append(xml, root, doc);
  std::ostringstream out;
  xml.save(out, "", pugi::format_raw);
  res.content_type = "text/xml; charset=utf-8";
  res.body = out.str();
  return res;
}

http::Response ErrorReply(int status, Format format, const std::string& description) {
  return Reply(status, format, "errors",
               nlohmann::json::array({{{"code", status}, {"description", description}}}));
}

}  // namespace civicgrid::api::open311
