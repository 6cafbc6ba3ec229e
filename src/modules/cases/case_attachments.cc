// CasesService: photos — upload (checked by content), download (for those who may see a case
// carrying the photo), and the rule that a step's photos are the actor's own.
#include <algorithm>

#include "modules/cases/cases_service.h"
#include "modules/cases/policy.h"

namespace civicgrid::cases {
namespace {

using access::Role;

constexpr size_t kMaxAttachmentsPerAction = 9;

}  // namespace

base::Status CasesService::CheckAttachments(const access::Actor& actor,
                                            const std::vector<std::string>& ids,
                                            const Case* case_now) {
  if (ids.size() > kMaxAttachmentsPerAction) {
    return base::InvalidArgument("attachment_ids", "at most 9 photos per step");
  }
  std::vector<std::string> on_case;
  if (case_now && !ids.empty()) {
    auto events = repo_.ListEvents(case_now->id, case_now->district_code);
    if (!events) return tl::unexpected(events.error());
    for (const auto& e : *events) {
      on_case.insert(on_case.end(), e.attachment_ids.begin(), e.attachment_ids.end());
    }
  }
  for (const auto& id : ids) {
    auto found = attachments_.Find(id);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return base::InvalidArgument("attachment_ids", "no attachment has id " + id);
    // A step's photos are the actor's own uploads (or already on this case): nobody passes off
    // another person's photo as proof, nor gains access to it by attaching it elsewhere.
    auto own = attachments_.UploadedBy(id, actor.user_id);
    if (!own) return tl::unexpected(own.error());
    bool already_here = std::find(on_case.begin(), on_case.end(), id) != on_case.end();
    if (!*own && !already_here) {
      return base::InvalidArgument("attachment_ids",
                                   "photo " + id + " was uploaded by someone else");
    }
  }
  return base::Ok();
}

base::Result<Attachment> CasesService::Upload(const access::Actor& actor, std::string_view bytes,
                                              const std::string& declared_type) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  if (bytes.empty()) return base::InvalidArgument("body", "the image is empty");
  if (bytes.size() > kMaxAttachmentBytes) {
    return base::Fail(base::Code::kResourceExhausted, "a photo may be at most 10 MiB");
  }
  auto sniffed = SniffImageType(bytes);
  if (!sniffed) {
    return base::InvalidArgument("body", "not a JPEG, PNG, WebP or GIF image (checked by content)");
  }
  std::string declared = declared_type.substr(0, declared_type.find(';'));
  if (!declared.empty() && declared != *sniffed && declared != "application/octet-stream") {
    return base::InvalidArgument("Content-Type",
                                 "says " + declared + " but the content is " + *sniffed);
  }
  return attachments_.Put(bytes, *sniffed, actor.user_id, clock_.NowMs());
}

base::Result<std::pair<Attachment, std::string>> CasesService::Download(const access::Actor& actor,
                                                                        const std::string& id) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  auto found = attachments_.Find(id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return base::NotFound("no attachment " + id);
  auto own = attachments_.UploadedBy(id, actor.user_id);
  if (!own) return tl::unexpected(own.error());
  bool allowed = *own || actor.role == Role::kAdmin;
  if (!allowed) {
    auto ids = repo_.CasesWithAttachment(id);
    if (!ids) return tl::unexpected(ids.error());
    for (int64_t case_id : *ids) {
      auto c = repo_.GetCase(case_id);
      if (!c) return tl::unexpected(c.error());
      if (*c && CanSee(actor, **c)) {
        allowed = true;
        break;
      }
    }
  }
  if (!allowed) return base::NotFound("no attachment " + id);
  auto bytes = attachments_.ReadBytes(id);
  if (!bytes) return tl::unexpected(bytes.error());
  return std::make_pair(**found, std::move(*bytes));
}

}  // namespace civicgrid::cases
