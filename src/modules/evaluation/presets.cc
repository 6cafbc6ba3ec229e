#include "modules/evaluation/presets.h"

#include <charconv>
#include <functional>
#include <set>

#include "base/csv.h"

namespace civicgrid::evaluation {
namespace {

constexpr const char* kScorePrefix = "score:";
constexpr const char* kEntryPrefix = "entry:";
const std::set<std::string> kEntryKinds = {"leader_rating", "community_rating", "bonus_penalty"};

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

const Preset* Find(const std::vector<Preset>& all, const std::string& key) {
  for (const auto& p : all) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

Score Compute(const Preset& preset, const std::vector<Preset>& all, const Counters& counters,
              const EntryTotals& entries, int depth) {
  Score score;
  double full = 0;
  double present = 0;
  double sum = 0;
  double bonus = 0;
  for (const auto& c : preset.components) {
    ScorePart part{c.ref, c.weight, std::nullopt, 0};
    if (c.ref == "entry:bonus_penalty") {
      part.value = entries.bonus_points;
      part.points = entries.bonus_points * c.weight;
      bonus += part.points;
      score.parts.push_back(part);
      continue;
    }
    full += c.weight;
    if (StartsWith(c.ref, kScorePrefix)) {
      const Preset* other = Find(all, c.ref.substr(6));
      if (other && depth < 4) {
        auto inner = Compute(*other, all, counters, entries, depth + 1);
        if (inner.total) part.value = *inner.total / 100.0;
      }
    } else if (StartsWith(c.ref, kEntryPrefix)) {
      auto it = entries.mean_rating.find(c.ref.substr(6));
      if (it != entries.mean_rating.end()) part.value = it->second / 100.0;
    } else {
      part.value = evaluation::Compute(c.ref, counters);
    }
    if (part.value && c.negative) part.value = 1.0 - *part.value;
    if (part.value) {
      present += c.weight;
      sum += c.weight * *part.value;
    }
    score.parts.push_back(part);
  }
  // Too little data to judge: less than half the weight has a value.
  if (present > 0 && present * 2 >= full) {
    double scale = full / present;
    for (auto& p : score.parts) {
      if (p.ref != "entry:bonus_penalty" && p.value) p.points = p.weight * *p.value * scale;
    }
    score.total = sum * scale + bonus;
  }
  return score;
}

}  // namespace

base::Result<std::vector<Preset>> ParsePresets(std::string_view csv) {
  auto table = base::ParseCsv(csv);
  if (!table) return tl::unexpected(table.error());
  if (auto st = base::RequireColumns(*table, {"preset", "name", "component", "weight", "negative"});
      !st) {
    return tl::unexpected(st.error());
  }
  std::vector<Preset> out;
  std::map<std::string, std::string> errors;
  for (const auto& row : table->rows) {
    std::string line = "line " + std::to_string(row.line);
    std::string key = table->Cell(row, "preset");
    std::string ref = table->Cell(row, "component");
    std::string weight_text = table->Cell(row, "weight");
    std::string negative = table->Cell(row, "negative");
    double weight = 0;
    auto [ptr, ec] =
        std::from_chars(weight_text.data(), weight_text.data() + weight_text.size(), weight);
    if (key.empty()) {
      errors[line] = "preset is empty";
    } else if (ec != std::errc() || ptr != weight_text.data() + weight_text.size() || weight < 0) {
      errors[line] = "weight must be a number ≥ 0";
    } else if (negative != "true" && negative != "false") {
      errors[line] = "negative must be true or false";
    } else if (StartsWith(ref, kEntryPrefix) && !kEntryKinds.count(ref.substr(6))) {
      errors[line] = "unknown entry kind " + ref;
    } else if (!StartsWith(ref, kEntryPrefix) && !StartsWith(ref, kScorePrefix) &&
               !FindIndicator(ref)) {
      errors[line] = "unknown indicator " + ref;
    } else if (const IndicatorDef* d = FindIndicator(ref); d && d->kind != IndicatorKind::kRate) {
      errors[line] = ref + " is not a rate";
    }
    if (errors.count(line)) continue;
    Preset* p = nullptr;
    for (auto& existing : out) {
      if (existing.key == key) p = &existing;
    }
    if (!p) {
      out.push_back({key, table->Cell(row, "name"), {}});
      p = &out.back();
    }
    p->components.push_back({ref, weight, negative == "true"});
  }
  // References between presets: known, and no cycle.
  std::function<bool(const Preset&, std::set<std::string>&)> acyclic =
      [&](const Preset& p, std::set<std::string>& path) {
        if (!path.insert(p.key).second) return false;
        for (const auto& c : p.components) {
          if (!StartsWith(c.ref, kScorePrefix)) continue;
          const Preset* other = Find(out, c.ref.substr(6));
          if (!other) {
            errors["preset " + p.key] = "refers to unknown preset " + c.ref;
            return false;
          }
          if (!acyclic(*other, path)) return false;
        }
        path.erase(p.key);
        return true;
      };
  for (const auto& p : out) {
    std::set<std::string> path;
    if (!acyclic(p, path) && !errors.count("preset " + p.key)) {
      errors["preset " + p.key] = "refers to itself";
    }
  }
  if (!errors.empty()) return base::InvalidFields("the presets are invalid", std::move(errors));
  return out;
}

Score ComputeScore(const Preset& preset, const std::vector<Preset>& all, const Counters& counters,
                   const EntryTotals& entries) {
  return Compute(preset, all, counters, entries, 0);
}

}  // namespace civicgrid::evaluation
