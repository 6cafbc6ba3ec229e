// Composite scores as configuration (data/evaluation_presets.csv): a preset is a weighted sum of
// components, each an indicator (a negative one counted as 1 − rate), another preset's score,
// or the leaders' entries (a rating, bonus/penalty points). The shipped presets are the worked
// examples of the seeds: the department score, the regional score and Aksu's "3+1".
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "modules/evaluation/indicators.h"

namespace civicgrid::evaluation {

struct Component {
  std::string ref;  // an indicator key, "score:<preset>", or "entry:<kind>"
  double weight = 0;
  bool negative = false;  // counts 1 − rate
};

struct Preset {
  std::string key;
  std::string name;
  std::vector<Component> components;
};

// The leaders' entries of one subject and period, already summed: the mean rating per kind
// (0–100) and the bonus/penalty points.
struct EntryTotals {
  std::map<std::string, double> mean_rating;  // leader_rating, community_rating → mean
  double bonus_points = 0;                    // bonus minus penalty
};

// Parses the presets CSV (columns preset, name, component, weight, negative). Every bad row is
// named (kInvalidArgument, field "line N"); a preset that refers to an unknown indicator, to an
// unknown preset or to itself is refused.
[[nodiscard]] base::Result<std::vector<Preset>> ParsePresets(std::string_view csv);

struct ScorePart {
  std::string ref;
  double weight = 0;
  std::optional<double> value;  // in [0, 1] (a bonus: points); nullopt = no data
  double points = 0;            // what the part adds to the score
};

struct Score {
  std::optional<double> total;  // 0–100 plus bonus points; nullopt when no part has data
  std::vector<ScorePart> parts;
};

// The score of `preset` for one subject. A part without data is left out and the other parts'
// weights are scaled up to the preset's full weight (bonus points are added as they are); with
// less than half the weight holding data there is no score.
Score ComputeScore(const Preset& preset, const std::vector<Preset>& all, const Counters& counters,
                   const EntryTotals& entries);

}  // namespace civicgrid::evaluation
