#include "modules/notifications/inbox_service.h"

#include "modules/access/audience.h"

namespace civicgrid::notifications {
namespace {

constexpr int kMaxPage = 100;
constexpr size_t kMaxIds = 500;

base::Status SignedIn(const access::Actor& actor) {
  if (actor.user_id == 0) return base::Unauthenticated("log in first");
  return base::Ok();
}

}  // namespace

base::Result<InboxPage> InboxService::List(const access::Actor& actor, bool unread_only,
                                           int64_t before_id, int limit) {
  if (auto st = SignedIn(actor); !st) return tl::unexpected(st.error());
  if (limit < 1 || limit > kMaxPage) return base::InvalidArgument("limit", "1 to 100");
  if (before_id < 0) return base::InvalidArgument("before", "a notification id");
  auto audiences = access::AudiencesOf(actor);
  InboxPage page;
  auto items = repo_.List(audiences, actor.user_id, unread_only, before_id, limit);
  if (!items) return tl::unexpected(items.error());
  page.items = std::move(*items);
  auto unread = repo_.CountUnread(audiences, actor.user_id);
  if (!unread) return tl::unexpected(unread.error());
  page.unread = *unread;
  auto latest = repo_.LatestId(audiences);
  if (!latest) return tl::unexpected(latest.error());
  page.latest_id = *latest;
  return page;
}

base::Result<int64_t> InboxService::Unread(const access::Actor& actor) {
  if (auto st = SignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.CountUnread(access::AudiencesOf(actor), actor.user_id);
}

base::Result<int64_t> InboxService::LatestId(const access::Actor& actor) {
  if (auto st = SignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.LatestId(access::AudiencesOf(actor));
}

base::Result<std::vector<Notification>> InboxService::Since(const access::Actor& actor,
                                                            int64_t after_id, int limit) {
  if (auto st = SignedIn(actor); !st) return tl::unexpected(st.error());
  return repo_.ListAfter(access::AudiencesOf(actor), actor.user_id, after_id, limit);
}

base::Status InboxService::MarkRead(const access::Actor& actor, const std::vector<int64_t>& ids,
                                    bool all) {
  if (auto st = SignedIn(actor); !st) return st;
  auto audiences = access::AudiencesOf(actor);
  if (all) {
    auto latest = repo_.LatestId(audiences);
    if (!latest) return tl::unexpected(latest.error());
    return repo_.MarkAllRead(actor.user_id, *latest);
  }
  if (ids.empty()) return base::InvalidArgument("ids", "name the notifications, or send all: true");
  if (ids.size() > kMaxIds) return base::InvalidArgument("ids", "at most 500 at a time");
  return repo_.MarkRead(audiences, actor.user_id, ids);
}

}  // namespace civicgrid::notifications
