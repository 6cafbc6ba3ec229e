#include "modules/areas/area_code.h"

#include <algorithm>

namespace civicgrid::areas {
namespace {

constexpr size_t kAreaCodeLength = 12;
constexpr size_t kGridCodeLength = 15;
constexpr size_t kDistrictDigits = 6;
constexpr size_t kStreetDigits = 9;

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t PrefixLength(AreaLevel level) {
  switch (level) {
    case AreaLevel::kDistrict:
      return kDistrictDigits;
    case AreaLevel::kStreet:
      return kStreetDigits;
    case AreaLevel::kCommunity:
      return kAreaCodeLength;
    case AreaLevel::kGrid:
      return kGridCodeLength;
  }
  return kGridCodeLength;
}

}  // namespace

std::optional<AreaLevel> LevelOfCode(std::string_view code) {
  if (!AllDigits(code)) return std::nullopt;
  if (code.size() == kGridCodeLength) {
    if (code.substr(kStreetDigits, 3) == "000" || code.substr(kAreaCodeLength) == "000") {
      return std::nullopt;  // a grid must sit under a community and have a non-zero sequence
    }
    return AreaLevel::kGrid;
  }
  if (code.size() != kAreaCodeLength) return std::nullopt;
  if (code.substr(kStreetDigits, 3) != "000") {
    if (code.substr(kDistrictDigits, 3) == "000") return std::nullopt;
    return AreaLevel::kCommunity;
  }
  if (code.substr(kDistrictDigits, 3) != "000") return AreaLevel::kStreet;
  if (code.substr(4, 2) != "00") return AreaLevel::kDistrict;
  return std::nullopt;  // provinces and prefectures are above what a deployment serves
}

std::string_view SignificantPrefix(std::string_view code) {
  auto level = LevelOfCode(code);
  if (!level) return code;
  return code.substr(0, PrefixLength(*level));
}

bool Within(std::string_view scope, std::string_view code) {
  auto scope_level = LevelOfCode(scope);
  auto code_level = LevelOfCode(code);
  if (!scope_level || !code_level) return false;
  if (static_cast<int>(*code_level) < static_cast<int>(*scope_level)) return false;
  std::string_view prefix = SignificantPrefix(scope);
  return code.substr(0, prefix.size()) == prefix;
}

std::optional<std::string> AncestorAt(std::string_view code, AreaLevel level) {
  auto own = LevelOfCode(code);
  if (!own || static_cast<int>(*own) < static_cast<int>(level)) return std::nullopt;
  std::string out(code.substr(0, PrefixLength(level)));
  if (level != AreaLevel::kGrid) out.resize(kAreaCodeLength, '0');
  return out;
}

std::pair<std::string, std::string> CodeRange(std::string_view scope) {
  if (!LevelOfCode(scope)) return {"", ""};  // a malformed scope contains nothing
  std::string low(SignificantPrefix(scope));
  std::string high = low;
  high.push_back('\x7f');  // every code within scope is low + digits, so below low + DEL
  return {low, high};
}

}  // namespace civicgrid::areas
