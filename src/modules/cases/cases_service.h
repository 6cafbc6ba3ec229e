// The case workflow: report, read, list, and every action of the state table, each authorized
// from the actor and applied together with its event in one transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "base/working_calendar.h"
#include "modules/access/actor.h"
#include "modules/areas/areas_service.h"
#include "modules/audit/audit.h"
#include "modules/cases/attachment.h"
#include "modules/cases/case.h"
#include "modules/cases/case_repository.h"
#include "modules/catalog/catalog_service.h"

namespace civicgrid::cases {

struct ReportInput {
  std::string category_code;
  std::string category_kind;  // "" = matter
  std::string description;
  std::optional<double> lng;
  std::optional<double> lat;
  std::string channel;
  std::string urgency;  // "" = normal
  std::string address;
  std::string reporter_phone;
  bool anonymous = false;
  std::vector<std::string> attachment_ids;
  // The report's names in other systems (a hotline work order id, an Open311 token). When one of
  // them names a case already, that case is the answer and nothing new is made.
  std::vector<CaseRef> refs;
};

struct ActionInput {
  std::string reason;
  std::string note;
  std::optional<int64_t> department_id;
  std::vector<int64_t> assisting_department_ids;
  std::vector<std::string> attachment_ids;
  std::string result;        // verify: pass | fail
  std::optional<int> score;  // rate: optional stars
  std::string satisfaction;  // rate: satisfied | basically_satisfied | unsatisfied
  std::optional<bool> solved;
  std::optional<int> hours;
  std::optional<int64_t> into_case_id;
};

struct ListInput {
  std::string state;  // a state, several comma-separated, or "open"
  std::string area;
  std::optional<int64_t> department_id;
  bool overdue_only = false;
  int page = 1;
  int page_size = 20;
};

// A case as this actor may see it.
struct CaseView {
  Case c;  // reporter_phone already masked when the actor may not see it
  Light light = Light::kNone;
  std::optional<int64_t> time_left_ms;
  std::vector<std::string> allowed_actions;
  std::optional<catalog::Department> suggested_department;
  std::optional<catalog::Department> department;
  std::optional<catalog::Category> category;
  std::vector<CaseEvent> history;  // filled by Get and Act only
  std::vector<CaseRef> refs;       // its names in other systems; filled with the history
  bool existing = false;           // Report: a ref named this case, made before
};

// What a hotline operator has before saving a call: the likely duplicates are open cases of the
// same category reported within `radius_m` of the point in the last `hours`.
struct DuplicateQuery {
  std::string category_code;
  std::string category_kind;  // "" = matter
  std::optional<double> lng;
  std::optional<double> lat;
  int radius_m = 200;
  int hours = 72;
};

// The public's view of cases (Open311 reads): any district's cases, without personal data.
struct PublicQuery {
  std::string district_code;
  std::vector<std::string> numbers;
  std::vector<std::string> category_codes;
  std::vector<CaseState> states;
  std::optional<base::TimeMs> from;
  std::optional<base::TimeMs> to;
  int limit = 1000;
};

struct CaseListView {
  std::vector<CaseView> items;
  int64_t total = 0;
  bool total_capped = false;  // more than `total` match (see CasePage)
};

// Thread-safe; everything passed in must outlive it.
class CasesService {
 public:
  CasesService(CaseRepository& repo, AttachmentStore& attachments, areas::AreasService& areas,
               catalog::CatalogService& catalog, audit::AuditRepository& audit,
               const base::WorkingCalendar& calendar, const base::Clock& clock)
      : repo_(repo),
        attachments_(attachments),
        areas_(areas),
        catalog_(catalog),
        audit_(audit),
        calendar_(calendar),
        clock_(clock) {}

  // Residents, inspectors, community workers, dispatchers and district managers; each role
  // reports through its own channels and, except residents, inside its own area.
  [[nodiscard]] base::Result<CaseView> Report(const access::Actor& actor, const ReportInput& in);
  // Centres (dispatchers, district managers): the open cases they may see that `q` finds,
  // nearest first, at most 20.
  [[nodiscard]] base::Result<std::vector<CaseView>> LikelyDuplicates(const access::Actor& actor,
                                                                     const DuplicateQuery& q);
  // The server's own read of a case with its history, the reporter's phone unmasked: for the
  // webhook sender, whose subscriptions with personal_data carry it to an SMS gateway. Not for
  // any caller's request.
  [[nodiscard]] base::Result<std::optional<CaseView>> GetForDelivery(int64_t id);
  // Records in the audit log that the reporter's phone of `c` left the system (`via`: where to).
  [[nodiscard]] base::Status AuditSent(const Case& c, const std::string& via);
  // The cases `user_id` reported, phones unmasked, newest first (at most 10,000): for the
  // person's data export, once AuthService::PersonalRecord has cleared the caller. Recorded in
  // the audit log when the caller is somebody else.
  [[nodiscard]] base::Result<std::vector<Case>> ReportedBy(const access::Actor& actor,
                                                           int64_t user_id);
  // Cases as the public may see them: no reporter, no phone, no history; newest first.
  [[nodiscard]] base::Result<std::vector<CaseView>> ListPublic(const PublicQuery& query);
  // The case a ref names, as the public may see it; nullopt for none.
  [[nodiscard]] base::Result<std::optional<CaseView>> FindPublicByRef(const CaseRef& ref);
  // kNotFound also when the actor may not see the case, so ids reveal nothing.
  [[nodiscard]] base::Result<CaseView> Get(const access::Actor& actor, int64_t id);
  [[nodiscard]] base::Result<CaseListView> List(const access::Actor& actor, const ListInput& in);
  // Administrators and district managers (inside their district): finished cases from another
  // system, as CSV (docs/exchange.md). Every row is checked and all are written in one
  // transaction, or none: kInvalidArgument maps "line N" to each bad row's reason.
  // `progress(done, total)` follows the checking and then the writing. Returns the count.
  using Progress = std::function<void(const char* phase, int64_t done, int64_t total)>;
  [[nodiscard]] base::Result<int64_t> ImportHistoryCsv(const access::Actor& actor,
                                                       std::string_view text,
                                                       const Progress& progress = {});
  // Every case List would page through for `in` (page and page_size ignored), newest first, for
  // a spreadsheet; kResourceExhausted when more than kMaxExportRows match.
  static constexpr int kMaxExportRows = 100'000;
  [[nodiscard]] base::Result<std::vector<CaseView>> Export(const access::Actor& actor,
                                                           ListInput in);
  // Counts of the cases the actor may see that match `in`, grouped `by` state (default), street,
  // community, grid or department.
  [[nodiscard]] base::Result<std::vector<std::pair<std::string, int64_t>>> Count(
      const access::Actor& actor, const ListInput& in, const std::string& by);
  // The newest case id in the district the actor works in (0 when the actor has no area): live
  // views learn of new reports from it without reading the cases.
  [[nodiscard]] base::Result<int64_t> LatestCaseId(const access::Actor& actor);
  // kFailedPrecondition (listing the allowed actions) when the state does not allow the action,
  // kPermissionDenied when the actor may see the case but not take this step.
  [[nodiscard]] base::Result<CaseView> Act(const access::Actor& actor, int64_t id,
                                           const std::string& action, const ActionInput& in);

  // Any signed-in user may upload a photo; see attachment.h for the checks.
  [[nodiscard]] base::Result<Attachment> Upload(const access::Actor& actor, std::string_view bytes,
                                                const std::string& declared_type);
  // The uploader, and anyone who may see a case carrying the attachment.
  [[nodiscard]] base::Result<std::pair<Attachment, std::string>> Download(
      const access::Actor& actor, const std::string& id);

 private:
  // The list query for `in`, validated and narrowed to what the actor may see.
  base::Result<CaseQuery> ScopedQuery(const access::Actor& actor, const ListInput& in);
  base::Result<CaseView> View(const access::Actor& actor, Case c, bool with_history);
  // Records in the audit log which of `cases` show `actor` somebody's unmasked personal data.
  base::Status AuditShown(const access::Actor& actor, const std::vector<Case>& cases,
                          const std::string& via);
  base::Result<CaseView> PublicView(Case c);
  // The case one of `refs` names, as `actor` sees it (existing set); nullopt for none.
  base::Result<std::optional<CaseView>> Existing(const access::Actor& actor,
                                                 const std::vector<CaseRef>& refs);
  // The photos exist and are the actor's own uploads, or already on `on_case` (when given).
  base::Status CheckAttachments(const access::Actor& actor, const std::vector<std::string>& ids,
                                const Case* on_case);
  base::Result<std::optional<base::Duration>> LimitFor(const Case& c, catalog::Stage stage);
  base::Status StartStage(Case& c, catalog::Stage stage, base::TimeMs now);

  CaseRepository& repo_;
  AttachmentStore& attachments_;
  areas::AreasService& areas_;
  catalog::CatalogService& catalog_;
  audit::AuditRepository& audit_;
  const base::WorkingCalendar& calendar_;
  const base::Clock& clock_;
};

}  // namespace civicgrid::cases
