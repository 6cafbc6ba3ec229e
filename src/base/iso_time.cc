#include "base/iso_time.h"

#include <cctype>
#include <string>

#include "base/working_calendar.h"

namespace civicgrid::base {
namespace {

// The number of `len` digits at `pos`, or -1.
int Digits(std::string_view text, size_t pos, size_t len) {
  if (pos + len > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<TimeMs> ParseIsoDateTime(std::string_view text, int64_t local_offset_ms) {
  if (text.size() < 10) return std::nullopt;
  auto day = ParseIsoDate(text.substr(0, 10));
  if (!day) return std::nullopt;
  constexpr int64_t kDayMs = 86'400'000;
  if (text.size() == 10) return *day * kDayMs - local_offset_ms;
  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const int h = Digits(text, 11, 2), m = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 59) return std::nullopt;
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t digits = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == digits) return std::nullopt;
  }
  int64_t offset_ms = local_offset_ms;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z") {
    offset_ms = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int oh = Digits(zone, 1, 2), om = Digits(zone, 4, 2);
    if (oh < 0 || om < 0 || oh > 18 || om > 59) return std::nullopt;
    offset_ms = (zone[0] == '-' ? -1 : 1) * (int64_t{oh} * 3600 + om * 60) * 1000;
  } else if (!zone.empty()) {
    return std::nullopt;
  }
  return *day * kDayMs + (int64_t{h} * 3600 + m * 60 + s) * 1000 - offset_ms;
}

}  // namespace civicgrid::base
