#include "modules/cases/case.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

namespace civicgrid::cases {
namespace {

constexpr std::array<std::pair<CaseState, const char*>, 10> kStates = {{
    {CaseState::kReported, "reported"},
    {CaseState::kRegistered, "registered"},
    {CaseState::kRejected, "rejected"},
    {CaseState::kDispatched, "dispatched"},
    {CaseState::kInProgress, "in_progress"},
    {CaseState::kSuspended, "suspended"},
    {CaseState::kHandled, "handled"},
    {CaseState::kVerified, "verified"},
    {CaseState::kClosed, "closed"},
    {CaseState::kMerged, "merged"},
}};

constexpr std::array<std::pair<Channel, const char*>, 5> kChannels = {{
    {Channel::kPatrol, "patrol"},
    {Channel::kResident, "resident"},
    {Channel::kHotline, "hotline"},
    {Channel::kGroup, "group"},
    {Channel::kLeader, "leader"},
}};

}  // namespace

const char* StateName(CaseState state) {
  for (const auto& [s, name] : kStates) {
    if (s == state) return name;
  }
  return "reported";
}

std::optional<CaseState> ParseState(std::string_view token) {
  for (const auto& [s, name] : kStates) {
    if (token == name) return s;
  }
  return std::nullopt;
}

bool IsOpen(CaseState state) {
  return state != CaseState::kRejected && state != CaseState::kClosed &&
         state != CaseState::kMerged;
}

const char* ChannelName(Channel channel) {
  for (const auto& [c, name] : kChannels) {
    if (c == channel) return name;
  }
  return "resident";
}

std::optional<Channel> ParseChannel(std::string_view token) {
  for (const auto& [c, name] : kChannels) {
    if (token == name) return c;
  }
  return std::nullopt;
}

const char* SatisfactionName(Satisfaction s) {
  switch (s) {
    case Satisfaction::kSatisfied:
      return "satisfied";
    case Satisfaction::kBasicallySatisfied:
      return "basically_satisfied";
    case Satisfaction::kUnsatisfied:
      return "unsatisfied";
  }
  return "satisfied";
}

std::optional<Satisfaction> ParseSatisfaction(std::string_view token) {
  for (auto s :
       {Satisfaction::kSatisfied, Satisfaction::kBasicallySatisfied, Satisfaction::kUnsatisfied}) {
    if (token == SatisfactionName(s)) return s;
  }
  return std::nullopt;
}

const char* LightName(Light light) {
  switch (light) {
    case Light::kNone:
      return "none";
    case Light::kGreen:
      return "green";
    case Light::kAmber:
      return "amber";
    case Light::kRed:
      return "red";
  }
  return "none";
}

std::string CaseNumberPrefix(const std::string& district_code, base::TimeMs now,
                             const base::WorkingCalendar& calendar) {
  constexpr int64_t kMsPerSecond = 1000;
  std::time_t local = static_cast<std::time_t>(now / kMsPerSecond +
                                               int64_t{calendar.Config().utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return district_code.substr(0, 6) + "-" + buf + "-";
}

std::string CaseNumber(const std::string& prefix, int64_t sequence) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%05lld", static_cast<long long>(sequence));
  return prefix + buf;
}

}  // namespace civicgrid::cases
