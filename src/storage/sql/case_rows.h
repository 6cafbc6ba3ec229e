// The column order of the cases and case_events tables and the one function each that lists a
// row's values in that order, written once for every writer: a statement's Binder, or the bulk
// loader's COPY rows.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "modules/cases/case.h"
#include "storage/sql/catalog_repo.h"  // JoinIds, JoinList

namespace civicgrid::storage::sql {

// Every column of cases but id, in write order.
inline constexpr const char* kCaseColumns =
    "number, district_code, street_code, community_code, grid_code, category_kind, "
    "category_code, description, address, lng, lat, channel, urgency, state, level, reporter_id, "
    "reporter_phone, anonymous, suggested_department_id, department_id, assisting_department_ids, "
    "stage, stage_started_at, deadline_at, deadline_working, allowed_ms, paused_remaining_ms, "
    "pending_extension_hours, pending_extension_reason, rating_score, solved, merged_into, "
    "return_count, rework_count, supervise_count, extension_count, created_at, updated_at, "
    "closed_at, version, satisfaction, reopen_count, suspend_count, overdue_count";
inline constexpr int kCaseColumnCount = 44;

// Every column of case_events but id, in write order.
inline constexpr const char* kEventColumns =
    "case_id, district_code, action, actor_id, actor_role, actor_name, at, note, from_state, "
    "to_state, attachment_ids, details";

// details as "key=value" lines; '\\' and '\n' in values are escaped.
std::string EncodeDetails(const std::map<std::string, std::string>& details);
std::map<std::string, std::string> DecodeDetails(const std::string& text);

// Writes the values of kCaseColumns to `w`, which takes int64_t, double, std::string_view and
// std::optional<int64_t> through operator().
template <typename W>
void WriteCase(W& w, const cases::Case& c) {
  auto opt = [](const std::optional<int>& v) {
    return v ? std::optional<int64_t>(*v) : std::optional<int64_t>();
  };
  auto flag = [](bool v) { return int64_t{v ? 1 : 0}; };
  using SV = std::string_view;
  w(SV(c.number))(SV(c.district_code))(SV(c.street_code))(SV(c.community_code));
  w(SV(c.grid_code))(SV(catalog::KindName(c.category_kind)))(SV(c.category_code));
  w(SV(c.description))(SV(c.address))(c.lng)(c.lat)(SV(cases::ChannelName(c.channel)));
  w(SV(catalog::UrgencyName(c.urgency)))(SV(cases::StateName(c.state)));
  w(SV(areas::LevelName(c.level)))(c.reporter_id)(SV(c.reporter_phone))(flag(c.anonymous));
  w(c.suggested_department_id)(c.department_id)(SV(JoinIds(c.assisting_department_ids)));
  w(SV(c.stage ? catalog::StageName(*c.stage) : ""))(c.stage_started_at)(c.deadline_at);
  w(flag(c.deadline_working))(c.allowed_ms)(c.paused_remaining_ms);
  w(opt(c.pending_extension_hours))(SV(c.pending_extension_reason))(int64_t{c.rating_score});
  w(c.solved ? std::optional<int64_t>(*c.solved ? 1 : 0) : std::nullopt)(c.merged_into);
  w(int64_t{c.return_count})(int64_t{c.rework_count})(int64_t{c.supervise_count});
  w(int64_t{c.extension_count})(c.created_at)(c.updated_at)(c.closed_at)(c.version);
  w(SV(c.satisfaction ? cases::SatisfactionName(*c.satisfaction) : ""))(int64_t{c.reopen_count});
  w(int64_t{c.suspend_count})(int64_t{c.overdue_count});
}

// Writes the values of kEventColumns.
template <typename W>
void WriteEvent(W& w, const cases::CaseEvent& e, const std::string& district_code) {
  using SV = std::string_view;
  w(e.case_id)(SV(district_code))(SV(e.action))(e.actor_id)(SV(e.actor_role));
  w(SV(e.actor_name))(e.at)(SV(e.note));
  w(SV(e.from_state ? cases::StateName(*e.from_state) : ""))(SV(cases::StateName(e.to_state)));
  w(SV(JoinList(e.attachment_ids)))(SV(EncodeDetails(e.details)));
}

}  // namespace civicgrid::storage::sql
