// A case (案件/工单): one reported problem from report to evaluation, and the append-only events
// that record every change to it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/working_calendar.h"
#include "modules/areas/area.h"
#include "modules/catalog/catalog.h"

namespace civicgrid::cases {

enum class CaseState {
  kReported,    // 上报: entered, waiting for the centre
  kRegistered,  // 立案: accepted, waiting for dispatch
  kRejected,    // 不予立案 (terminal)
  kDispatched,  // 派遣: sent to a department, claim clock running
  kInProgress,  // 处置中: claimed, handle clock running
  kSuspended,   // 挂起: paused with the centre's approval
  kHandled,     // 处置完成: handled, verify clock running
  kVerified,    // 核查通过: waiting for closure
  kClosed,      // 结案 (terminal except for the reporter's rating)
  kMerged,      // 合并: a duplicate joined into a main case (terminal)
};
const char* StateName(CaseState state);
std::optional<CaseState> ParseState(std::string_view token);
bool IsOpen(CaseState state);

// 来源渠道.
enum class Channel { kPatrol, kResident, kHotline, kGroup, kLeader };
const char* ChannelName(Channel channel);
std::optional<Channel> ParseChannel(std::string_view token);

// The reporter's answer to the callback (回访) after closure.
enum class Satisfaction { kSatisfied, kBasicallySatisfied, kUnsatisfied };
const char* SatisfactionName(Satisfaction s);  // satisfied, basically_satisfied, unsatisfied
std::optional<Satisfaction> ParseSatisfaction(std::string_view token);

// The traffic light of the running clock: green, amber from 80% used, red when overdue.
enum class Light { kNone, kGreen, kAmber, kRed };
const char* LightName(Light light);

// Case numbers: <district 6 digits>-<local date YYYYMMDD>-<sequence of that district and day,
// 5 digits or more>, e.g. 310105-20261126-00042.
std::string CaseNumberPrefix(const std::string& district_code, base::TimeMs now,
                             const base::WorkingCalendar& calendar);
std::string CaseNumber(const std::string& prefix, int64_t sequence);

struct Case {
  int64_t id = 0;
  std::string number;  // human case number, e.g. 310105-20261126-00042
  std::string district_code;
  std::string street_code;
  std::string community_code;
  std::string grid_code;
  catalog::CategoryKind category_kind = catalog::CategoryKind::kMatter;
  std::string category_code;
  std::string description;
  std::string address;
  double lng = 0;
  double lat = 0;
  Channel channel = Channel::kResident;
  catalog::Urgency urgency = catalog::Urgency::kNormal;
  CaseState state = CaseState::kReported;
  // The level whose centre owns the case now: community, street or district (escalation).
  areas::AreaLevel level = areas::AreaLevel::kStreet;

  int64_t reporter_id = 0;
  std::string reporter_phone;  // stored in full, shown masked unless the caller is the centre
  bool anonymous = false;      // hidden from the public, never from the centre

  std::optional<int64_t> suggested_department_id;
  std::optional<int64_t> department_id;
  std::vector<int64_t> assisting_department_ids;

  // The running clock. stage is empty when no time limit applies.
  std::optional<catalog::Stage> stage;
  base::TimeMs stage_started_at = 0;
  base::TimeMs deadline_at = 0;
  bool deadline_working = true;     // the deadline counts working time
  int64_t allowed_ms = 0;           // the span the stage is allowed (working or wall ms)
  int64_t paused_remaining_ms = 0;  // while suspended: what was left of the clock

  std::optional<int> pending_extension_hours;
  std::string pending_extension_reason;

  int rating_score = 0;  // optional stars 1–5 given with the callback, 0 = none
  std::optional<Satisfaction> satisfaction;  // the callback's answer; empty until answered
  std::optional<bool> solved;
  std::optional<int64_t> merged_into;

  int return_count = 0;
  int rework_count = 0;
  int supervise_count = 0;
  int extension_count = 0;
  int reopen_count = 0;   // reopened by an unsatisfied callback (at most once)
  int suspend_count = 0;  // suspended (挂账) at least once: out of the on-time statistics
  int overdue_count = 0;  // stages (register, claim, handle, verify) that ended after the deadline

  base::TimeMs created_at = 0;
  base::TimeMs updated_at = 0;
  base::TimeMs closed_at = 0;
  int64_t version = 0;  // optimistic concurrency: bumped by every write
};

struct CaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string action;  // a token of the state table, or "merged_in" on a main case
  int64_t actor_id = 0;
  std::string actor_role;
  std::string actor_name;
  base::TimeMs at = 0;
  std::string note;
  std::optional<CaseState> from_state;  // empty for the report itself
  CaseState to_state = CaseState::kReported;
  std::vector<std::string> attachment_ids;
  std::map<std::string, std::string> details;  // action-specific facts (department_id, result …)
};

}  // namespace civicgrid::cases
