#include "modules/evaluation/indicators.h"

#include <algorithm>

namespace civicgrid::evaluation {
namespace {

using K = IndicatorKind;

int64_t N(const Counters& c, const char* name) {
  auto it = c.find(name);
  return it == c.end() ? 0 : it->second.n;
}

int64_t Ms(const Counters& c, const char* name) {
  auto it = c.find(name);
  return it == c.end() ? 0 : it->second.ms;
}

std::optional<double> Ratio(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return std::clamp(static_cast<double>(num) / static_cast<double>(den), 0.0, 1.0);
}

std::optional<double> Mean(const Counters& c, const char* name) {
  int64_t n = N(c, name);
  if (n <= 0) return std::nullopt;
  return static_cast<double>(Ms(c, name)) / static_cast<double>(n);
}

// Cases the departments should handle: dispatches that were not returned.
int64_t ShouldHandle(const Counters& c) { return N(c, "dispatches") - N(c, "returns"); }

const std::vector<IndicatorDef> kIndicators = {
    {"reports", "上报数", K::kCount, "reports", false},
    {"public_reports", "公众上报数", K::kCount, "public_reports (resident and 12345 channels)",
     false},
    {"public_report_rate", "公众举报率", K::kRate, "public_reports / reports", false},
    {"registrations", "立案数", K::kCount, "registrations (register + self_handle)", false},
    {"registration_rate", "立案率", K::kRate, "registrations / (registrations + rejections)",
     false},
    {"registration_on_time_rate", "按时立案率", K::kRate, "registrations_on_time / registrations",
     false},
    {"dispatches", "派遣数", K::kCount, "dispatches", false},
    {"dispatch_accuracy", "派遣准确率", K::kRate, "1 − returns / dispatches", false},
    {"claim_in_time_rate", "按时签收率", K::kRate, "claims_on_time / claims", false},
    {"handling_rate", "处置率", K::kRate, "verified_pass / (dispatches − returns)", false},
    {"handling_on_time_rate", "按期处置率", K::kRate, "handled_on_time / handled_counted", false},
    {"rework_rate", "返工率", K::kRate, "verified_fail / (verified_pass + verified_fail)", true},
    {"extension_rate", "延期率", K::kRate, "extensions / (dispatches − returns)", true},
    {"overdue_rate", "超期未处置率", K::kRate, "overdue / (dispatches − returns)", true},
    {"closures", "结案数", K::kCount, "closures (close + self_handle)", false},
    {"closure_rate", "结案率", K::kRate, "closures / registrations", false},
    {"closure_on_time_rate", "按期结案率", K::kRate, "closures_on_time / closures_counted", false},
    {"mean_register_ms", "平均立案时长", K::kDurationMs, "stage_register.ms / stage_register.n",
     true},
    {"mean_claim_ms", "平均签收时长", K::kDurationMs, "stage_claim.ms / stage_claim.n", true},
    {"mean_handle_ms", "平均处置时长", K::kDurationMs, "stage_handle.ms / stage_handle.n", true},
    {"mean_verify_ms", "平均核查时长", K::kDurationMs, "stage_verify.ms / stage_verify.n", true},
    {"satisfaction_rate", "满意率", K::kRate, "(satisfied + basically_satisfied) / rated", false},
    {"resolution_rate", "解决率", K::kRate, "solved / rated", false},
    {"hotline_response_rate", "12345响应率", K::kRate, "hl_claims_on_time / hl_claims", false},
    {"hotline_resolution_rate", "12345解决率", K::kRate, "hl_solved / hl_rated", false},
    {"hotline_satisfaction_rate", "12345满意率", K::kRate, "hl_satisfied / hl_rated", false},
};

}  // namespace

const std::vector<IndicatorDef>& Indicators() { return kIndicators; }

const IndicatorDef* FindIndicator(const std::string& key) {
  for (const auto& d : kIndicators) {
    if (key == d.key) return &d;
  }
  return nullptr;
}

std::optional<double> Compute(const std::string& k, const Counters& c) {
  auto count = [&](const char* name) { return std::optional<double>(N(c, name)); };
  if (k == "reports") return count("reports");
  if (k == "public_reports") return count("public_reports");
  if (k == "public_report_rate") return Ratio(N(c, "public_reports"), N(c, "reports"));
  if (k == "registrations") return count("registrations");
  if (k == "registration_rate") {
    return Ratio(N(c, "registrations"), N(c, "registrations") + N(c, "rejections"));
  }
  if (k == "registration_on_time_rate") {
    return Ratio(N(c, "registrations_on_time"), N(c, "registrations"));
  }
  if (k == "dispatches") return count("dispatches");
  if (k == "dispatch_accuracy") {
    auto r = Ratio(N(c, "returns"), N(c, "dispatches"));
    return r ? std::optional<double>(1.0 - *r) : std::nullopt;
  }
  if (k == "claim_in_time_rate") return Ratio(N(c, "claims_on_time"), N(c, "claims"));
  if (k == "handling_rate") return Ratio(N(c, "verified_pass"), ShouldHandle(c));
  if (k == "handling_on_time_rate") return Ratio(N(c, "handled_on_time"), N(c, "handled_counted"));
  if (k == "rework_rate") {
    return Ratio(N(c, "verified_fail"), N(c, "verified_pass") + N(c, "verified_fail"));
  }
  if (k == "extension_rate") return Ratio(N(c, "extensions"), ShouldHandle(c));
  if (k == "overdue_rate") return Ratio(N(c, "overdue"), ShouldHandle(c));
  if (k == "closures") return count("closures");
  if (k == "closure_rate") return Ratio(N(c, "closures"), N(c, "registrations"));
  if (k == "closure_on_time_rate") {
    return Ratio(N(c, "closures_on_time"), N(c, "closures_counted"));
  }
  if (k == "mean_register_ms") return Mean(c, "stage_register");
  if (k == "mean_claim_ms") return Mean(c, "stage_claim");
  if (k == "mean_handle_ms") return Mean(c, "stage_handle");
  if (k == "mean_verify_ms") return Mean(c, "stage_verify");
  if (k == "satisfaction_rate") {
    return Ratio(N(c, "satisfied") + N(c, "basically_satisfied"), N(c, "rated"));
  }
  if (k == "resolution_rate") return Ratio(N(c, "solved"), N(c, "rated"));
  if (k == "hotline_response_rate") return Ratio(N(c, "hl_claims_on_time"), N(c, "hl_claims"));
  if (k == "hotline_resolution_rate") return Ratio(N(c, "hl_solved"), N(c, "hl_rated"));
  if (k == "hotline_satisfaction_rate") return Ratio(N(c, "hl_satisfied"), N(c, "hl_rated"));
  return std::nullopt;
}

std::vector<IndicatorValue> ComputeAll(const Counters& c) {
  std::vector<IndicatorValue> out;
  out.reserve(kIndicators.size());
  for (const auto& d : kIndicators) out.push_back({&d, Compute(d.key, c)});
  return out;
}

}  // namespace civicgrid::evaluation
