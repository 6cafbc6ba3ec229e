#include "modules/cases/case_audit.h"

#include "modules/cases/policy.h"

namespace civicgrid::cases {

audit::Record EventRecord(const Case& c, const CaseEvent& e) {
  // Ids and states only: names and free text (which may be personal data) stay in the case's
  // events, where anonymisation can reach them; the note is covered by its digest.
  std::string detail = e.action + " " + (e.from_state ? StateName(*e.from_state) : "-") + "→" +
                       StateName(e.to_state) + " by " + e.actor_role;
  for (const auto& [k, v] : e.details) detail += "; " + k + "=" + v;
  if (!e.attachment_ids.empty()) {
    detail += "; attachments=";
    for (size_t i = 0; i < e.attachment_ids.size(); ++i)
      detail += (i ? "," : "") + e.attachment_ids[i];
  }
  if (!e.note.empty()) detail += "; note " + audit::Digest(e.note);
  return audit::Record{e.at,
                       c.district_code,
                       audit::kCaseEvent,
                       e.actor_id,
                       "case:" + std::to_string(c.id),
                       c.number + " " + detail};
}

bool ShowsPersonalData(const access::Actor& actor, const Case& c) {
  return !c.reporter_phone.empty() && c.reporter_id != actor.user_id && MayUnmaskPhone(actor, c);
}

audit::Record PersonalDataRecord(const access::Actor& actor, const Case& c, const std::string& via,
                                 base::TimeMs at) {
  const bool sent = actor.role == access::Role::kSystem;
  return audit::Record{
      at,
      c.district_code,
      sent ? audit::kPersonalDataSent : audit::kPersonalDataRead,
      actor.user_id,
      "case:" + std::to_string(c.id),
      c.number + " reporter_phone via " + via + " by " + access::RoleName(actor.role)};
}

}  // namespace civicgrid::cases
