// The indicators (考核指标) in the GB/T 30428.4 / CJ/T 292 pattern and the 12345 "three rates",
// each computed in one place from the daily counters (cases/case_stats.h) summed over a period.
// docs/evaluation.md writes out every formula; the table in indicators.cc is the code's copy.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace civicgrid::evaluation {

struct Counter {
  int64_t n = 0;
  int64_t ms = 0;
};
// Counter name → its sum over a period.
using Counters = std::map<std::string, Counter>;

enum class IndicatorKind { kCount, kRate, kDurationMs };

struct IndicatorDef {
  const char* key;      // reports, registration_rate, …
  const char* name_zh;  // 上报数, 立案率, …
  IndicatorKind kind;
  const char* formula;   // as in docs/evaluation.md
  bool lower_is_better;  // rework, extension, overdue rates and the durations
};

// Every indicator, in display order.
const std::vector<IndicatorDef>& Indicators();
const IndicatorDef* FindIndicator(const std::string& key);

// The value of `key` from `c`; nullopt when its denominator is zero (no data in the period).
// Rates lie in [0, 1].
std::optional<double> Compute(const std::string& key, const Counters& c);

struct IndicatorValue {
  const IndicatorDef* def = nullptr;
  std::optional<double> value;
};
std::vector<IndicatorValue> ComputeAll(const Counters& c);

}  // namespace civicgrid::evaluation
