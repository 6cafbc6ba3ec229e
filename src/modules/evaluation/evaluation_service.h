// The evaluation (考核评价): indicators of an area, a department or a person for any period,
// composite scores from the presets, rankings with the change against the previous period, the
// command-centre dashboard, and the leaders' entries. Everything is computed from the daily
// counters that the case events keep (cases/case_stats.h), so anyone can recompute a score.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/working_calendar.h"
#include "modules/access/actor.h"
#include "modules/areas/areas_service.h"
#include "modules/auth/user_repository.h"
#include "modules/catalog/catalog_service.h"
#include "modules/evaluation/evaluation_repository.h"
#include "modules/evaluation/presets.h"

namespace civicgrid::evaluation {

// Local days, both ends included.
struct Period {
  int64_t first_day = 0;
  int64_t last_day = 0;
  int64_t Days() const { return last_day - first_day + 1; }
  Period Previous() const { return {first_day - Days(), first_day - 1}; }
};

// What is evaluated: an area (by code), a department or a person (by id).
struct SubjectInput {
  std::string area;
  std::optional<int64_t> department_id;
  std::optional<int64_t> user_id;
};

struct Subject {
  std::string kind;  // area, department, person
  std::string key;   // area code or id
  std::string name;
  std::string district_code;
  std::string scope;  // the counters' scope
};

struct Report {
  Subject subject;
  Period period;
  Counters counters;
  std::vector<IndicatorValue> indicators;
  std::vector<std::pair<std::string, Score>> scores;  // every preset, by key
};

struct RankInput {
  std::string area;          // rank this area's children …
  bool departments = false;  // … or the departments serving its district
  std::string preset;
  bool rollup = false;  // streets: 90% their communities' mean score, 10% their own
  Period period;
};

struct RankRow {
  Subject subject;
  std::optional<double> score;
  std::optional<double> previous_score;
  int rank = 0;           // 1 = best; subjects without a score come last, unranked (0)
  int previous_rank = 0;  // 0 when unranked then
  std::vector<IndicatorValue> indicators;
};

struct Ranking {
  const Preset* preset = nullptr;
  Period period;
  Period previous;
  std::vector<RankRow> rows;
};

struct DayPoint {
  int64_t day = 0;
  Counters counters;
};

struct Dashboard {
  Report report;
  std::vector<DayPoint> days;  // the period's days with events, oldest first
  Counters intake;             // reports by channel_<c> and category_<code> (streets, districts)
};

struct EntryInput {
  SubjectInput subject;
  std::string kind;  // leader_rating, community_rating, bonus, penalty
  double points = 0;
  std::string reason;
  Period period;
};

// Thread-safe; everything passed in must outlive it.
class EvaluationService {
 public:
  EvaluationService(EvaluationRepository& repo, areas::AreasService& areas,
                    catalog::CatalogService& catalog, auth::UserRepository& users,
                    std::vector<Preset> presets, const base::WorkingCalendar& calendar,
                    const base::Clock& clock)
      : repo_(repo),
        areas_(areas),
        catalog_(catalog),
        users_(users),
        presets_(std::move(presets)),
        calendar_(calendar),
        clock_(clock) {}

  const std::vector<Preset>& Presets() const { return presets_; }
  // The period from "YYYY-MM-DD" texts; empty = the last 30 days up to today. At most 3 years.
  [[nodiscard]] base::Result<Period> ParsePeriod(const std::string& from,
                                                 const std::string& to) const;

  // Staff see their area (inspectors their grid), departments themselves, everyone their own
  // person; leaders and centres the departments of their district; admins everything.
  [[nodiscard]] base::Result<Report> Indicators(const access::Actor& actor, const SubjectInput& in,
                                                Period period);
  [[nodiscard]] base::Result<Ranking> Rank(const access::Actor& actor, const RankInput& in);
  [[nodiscard]] base::Result<Dashboard> DashboardOf(const access::Actor& actor,
                                                    const std::string& area, Period period);
  // Leaders and district centres rate areas and departments and give bonus/penalty points;
  // community workers rate the departments that gave them work (community_rating).
  [[nodiscard]] base::Result<Entry> AddEntry(const access::Actor& actor, const EntryInput& in);
  [[nodiscard]] base::Result<std::vector<Entry>> Entries(const access::Actor& actor,
                                                         const SubjectInput& in, Period period);

 private:
  base::Result<Subject> Resolve(const access::Actor& actor, const SubjectInput& in);
  base::Result<std::vector<Subject>> RankedSubjects(const access::Actor& actor, const RankInput& in,
                                                    Subject* parent);
  // Counters and entry totals of many subjects of one district.
  base::Result<std::map<std::string, std::pair<Counters, EntryTotals>>> Gather(
      const std::string& district, const std::vector<std::string>& scopes, Period period);
  const Preset* FindPreset(const std::string& key) const;

  EvaluationRepository& repo_;
  areas::AreasService& areas_;
  catalog::CatalogService& catalog_;
  auth::UserRepository& users_;
  std::vector<Preset> presets_;
  const base::WorkingCalendar& calendar_;
  const base::Clock& clock_;
};

}  // namespace civicgrid::evaluation
