// Storage interface for cases and their events; implemented in storage/. Every write puts the
// case rows and their events in one transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "modules/cases/case.h"
#include "modules/cases/case_stats.h"
#include "modules/cases/notices.h"

namespace civicgrid::cases {

// What an event writes beside itself, in its transaction.
// A case's name in another system: an Open311 token ("open311-token"), a hotline work order id
// ("hotline:<key id>"). A (system, ref) names one case only.
struct CaseRef {
  std::string system;
  std::string ref;
};

struct EventEffects {
  std::vector<Notice> notices;
  std::vector<StatDelta> stats;  // added to the daily counters
  std::vector<CaseRef> refs;     // recorded for the case (a report's only)
  std::string outbound;          // the webhook event type (cases/outbound.h); "" for none
};

// A finished case from another system (CaseRepository::ImportCases): numbered from
// `number_prefix` when c.number is empty; each event with the effects it writes.
struct ImportedCase {
  Case c;
  std::string number_prefix;
  std::vector<CaseEvent> events;
  std::vector<EventEffects> effects;
};

struct CaseChange {
  Case updated;          // the new row; its version is the one read
  CaseEvent event;       // appended with the change
  EventEffects effects;  // written with the event
};

// A list query; the service has already narrowed it to the caller's scope.
struct CaseQuery {
  std::vector<CaseState> states;         // any of these; empty = every state
  std::optional<std::string> area_code;  // cases whose grid lies within this area
  std::optional<int64_t> department_id;  // primary or assisting department
  std::optional<int64_t> reporter_id;
  std::vector<std::string> category_codes;   // any of these (Open311 service codes)
  std::vector<std::string> numbers;          // any of these case numbers
  std::optional<base::TimeMs> created_from;  // reported at or after
  std::optional<base::TimeMs> created_to;    // reported at or before
  bool overdue_only = false;                 // open, clock running, deadline before `now`
  base::TimeMs now = 0;
  int offset = 0;
  int limit = 20;
};

// What a count is grouped by.
enum class CaseGroup { kState, kStreet, kCommunity, kGrid, kDepartment };

struct CasePage {
  std::vector<Case> items;  // newest first
  // Cases matching the query, counted up to kCountCap: a larger total reads as "more than
  // kCountCap" (total_capped), so that a list of a busy district stays fast.
  int64_t total = 0;
  bool total_capped = false;
};
inline constexpr int64_t kCountCap = 10'000;

// Implementations are thread-safe.
class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  // Assigns the id, a number "<number_prefix><5-digit daily sequence>" and the event id, and
  // writes the report's effects with them.
  [[nodiscard]] virtual base::Result<Case> CreateCase(Case c, CaseEvent event,
                                                      const EventEffects& effects,
                                                      const std::string& number_prefix) = 0;
  [[nodiscard]] virtual base::Result<std::optional<Case>> GetCase(int64_t id) = 0;
  // Writes every case with its events in one transaction (all or none), calling `written` with
  // the number written so far every 1000 cases. kConflict when a given number is taken.
  [[nodiscard]] virtual base::Status ImportCases(const std::vector<ImportedCase>& cases,
                                                 const std::function<void(int64_t)>& written) = 0;
  // The case's names in other systems.
  [[nodiscard]] virtual base::Result<std::vector<CaseRef>> ListRefs(int64_t case_id) = 0;
  // kConflict from CreateCase when one of its refs names another case already.
  [[nodiscard]] virtual base::Result<std::optional<int64_t>> FindCaseByRef(const CaseRef& ref) = 0;
  // The events of a case, oldest first; the district routes the query to the case's partition.
  [[nodiscard]] virtual base::Result<std::vector<CaseEvent>> ListEvents(
      int64_t case_id, const std::string& district_code) = 0;
  // Writes every change in one transaction, each only if its row still has the version it was
  // read with (then bumps it). kConflict, and nothing written, when any row moved meanwhile.
  [[nodiscard]] virtual base::Status ApplyChanges(const std::vector<CaseChange>& changes) = 0;
  [[nodiscard]] virtual base::Result<CasePage> ListCases(const CaseQuery& query) = 0;
  // Cases of one district whose running clock passed `deadline_before`, in one of `states`, that
  // have no event of `action` by the system since their stage started (and, when
  // `below_district`, owned below the district level); most overdue first.
  [[nodiscard]] virtual base::Result<std::vector<Case>> ListUnattendedOverdue(
      const std::string& district_code, const std::vector<CaseState>& states,
      base::TimeMs deadline_before, const std::string& action, bool below_district, int limit) = 0;
  // Cases of one district, in one of `states`, whose clock is still running at `now` but has
  // used at least about `percent` of its allowed time (wall clock: deadline − allowed share ≤
  // now; the caller checks the exact light), without an `action` event by the system since
  // their stage started; nearest deadline first.
  [[nodiscard]] virtual base::Result<std::vector<Case>> ListUnattendedNearDeadline(
      const std::string& district_code, const std::vector<CaseState>& states, base::TimeMs now,
      int percent, const std::string& action, int limit) = 0;
  // Counts of the cases matching `query` (offset and limit ignored), grouped; keys are the state
  // token, the area code or the department id ("" for none), in key order.
  [[nodiscard]] virtual base::Result<std::vector<std::pair<std::string, int64_t>>> CountCases(
      const CaseQuery& query, CaseGroup group) = 0;
  // The newest case id of a district (0 for none): live views poll it to learn of new reports.
  [[nodiscard]] virtual base::Result<int64_t> LatestCaseId(const std::string& district_code) = 0;
  // Ids of cases whose events carry the attachment.
  [[nodiscard]] virtual base::Result<std::vector<int64_t>> CasesWithAttachment(
      const std::string& attachment_id) = 0;
};

}  // namespace civicgrid::cases
