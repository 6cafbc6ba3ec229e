// /api/v1/notifications (the inbox) and /api/v1/stream (Server-Sent Events for live views).
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {
namespace {

constexpr int kStreamPollMs = 1000;
constexpr int64_t kHeartbeatMs = 15'000;
constexpr int64_t kRecheckTokenMs = 60'000;
// A stream ends after this; EventSource reconnects by itself, sending Last-Event-ID.
constexpr int64_t kStreamLifetimeMs = 10 * 60'000;
constexpr int kStreamBatch = 50;
// Each open stream polls the database once a second on an I/O thread: a process serves at most
// this many at once (503 beyond, and EventSource retries).
constexpr int kMaxStreams = 500;
std::atomic<int> g_open_streams{0};

nlohmann::json NotificationJson(const notifications::Notification& n) {
  return {{"id", n.id},
          {"case_id", n.case_id},
          {"case_number", n.case_number},
          {"kind", n.kind},
          {"action", n.event_action},
          {"text", n.text},
          {"created_at", IsoTime(n.created_at)},
          {"read", n.read}};
}

std::string Event(const char* name, const nlohmann::json& data, int64_t id = 0) {
  std::string out;
  if (id > 0) out += "id: " + std::to_string(id) + "\n";
  // Text from outside may hold invalid UTF-8: replaced, never thrown on.
  return out + "event: " + name +
         "\ndata: " + data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

// The bearer token of a stream: EventSource cannot send headers, so it may come as
// ?access_token=. It is never logged.
std::string StreamToken(const http::Request& r) {
  std::string header = r.Header("authorization");
  if (header.rfind("Bearer ", 0) == 0) return header.substr(7);
  auto it = r.query.find("access_token");
  return it == r.query.end() ? "" : it->second;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// What one stream has sent so far; `next` runs on one I/O thread at a time.
struct StreamState {
  StreamState() { g_open_streams.fetch_add(1); }
  ~StreamState() { g_open_streams.fetch_sub(1); }
  StreamState(const StreamState&) = delete;
  StreamState& operator=(const StreamState&) = delete;

  const Services* s = nullptr;
  std::string token;
  access::Actor actor;
  int64_t last_notification = 0;
  int64_t last_case = 0;
  int64_t started = 0;
  int64_t last_write = 0;
  int64_t last_auth = 0;

  std::optional<std::string> Next() {
    const int64_t now = NowMs();
    if (now - started > kStreamLifetimeMs) return std::nullopt;
    if (now - last_auth > kRecheckTokenMs) {  // logged out or revoked: the stream ends
      if (!s->auth->Authenticate(token)) return std::nullopt;
      last_auth = now;
    }
    std::string out;
    auto fresh = s->inbox->Since(actor, last_notification, kStreamBatch);
    if (!fresh) return std::nullopt;
    for (const auto& n : *fresh) {
      out += Event("notification", NotificationJson(n), n.id);
      last_notification = n.id;
    }
    if (!fresh->empty()) {
      auto unread = s->inbox->Unread(actor);
      if (unread) out += Event("unread", {{"unread", *unread}});
    }
    auto latest_case = s->cases->LatestCaseId(actor);
    if (latest_case && *latest_case != last_case) {
      last_case = *latest_case;
      out += Event("cases", {{"latest_case_id", last_case}});
    }
    if (out.empty() && now - last_write > kHeartbeatMs) out = ": ping\n\n";
    if (!out.empty()) last_write = now;
    return out;
  }
};

}  // namespace

void AddNotificationRoutes(http::Router& router, const Services& s) {
  router.Add("GET", "/api/v1/notifications", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      auto query = [&](const char* key) {
        auto it = r.query.find(key);
        return it == r.query.end() ? std::string() : it->second;
      };
      bool unread_only = query("unread") == "true" || query("unread") == "1";
      int64_t before = 0;
      int64_t limit = 20;
      if (!query("before").empty()) {
        auto v = ParseInt(query("before"));
        if (!v) return ErrorResponse(base::InvalidArgument("before", "a notification id").value());
        before = *v;
      }
      if (!query("limit").empty()) {
        auto v = ParseInt(query("limit"));
        if (!v) return ErrorResponse(base::InvalidArgument("limit", "1 to 100").value());
        limit = *v;
      }
      auto page = s.inbox->List(actor, unread_only, before,
                                static_cast<int>(std::clamp<int64_t>(limit, -1, 1000)));
      if (!page) return ErrorResponse(page.error());
      nlohmann::json items = nlohmann::json::array();
      for (const auto& n : page->items) items.push_back(NotificationJson(n));
      return JsonResponse(200, {{"items", items},
                                {"unread", page->unread},
                                {"unread_capped", page->unread >= notifications::kUnreadCap},
                                {"latest_id", page->latest_id}});
    });
  });

  router.Add("GET", "/api/v1/notifications/unread",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto n = s.inbox->Unread(actor);
                 if (!n) return ErrorResponse(n.error());
                 return JsonResponse(
                     200, {{"unread", *n}, {"unread_capped", *n >= notifications::kUnreadCap}});
               });
             });

  router.Add("POST", "/api/v1/notifications/read",
             [&s](const http::Request& r, const http::Params&) {
               return WithActor(s, r, [&](const access::Actor& actor) {
                 auto body = ParseObject(r.body, false);
                 if (!body) return ErrorResponse(body.error());
                 Fields f(*body);
                 auto ids = f.IntegerArray("ids");
                 bool all = f.Bool("all").value_or(false);
                 if (auto st = f.Check(); !st) return ErrorResponse(st.error());
                 if (auto st = s.inbox->MarkRead(actor, ids, all); !st) {
                   return ErrorResponse(st.error());
                 }
                 auto n = s.inbox->Unread(actor);
                 if (!n) return ErrorResponse(n.error());
                 return JsonResponse(200, {{"unread", *n}});
               });
             });

  router.Add("GET", "/api/v1/stream", [&s](const http::Request& r, const http::Params&) {
    if (g_open_streams.load() >= kMaxStreams) {
      return ErrorResponse(
          base::Fail(base::Code::kUnavailable, "too many live streams; retry shortly").value());
    }
    auto state = std::make_shared<StreamState>();
    state->s = &s;
    state->token = StreamToken(r);
    auto actor = s.auth->Authenticate(state->token);
    if (!actor) return ErrorResponse(actor.error());
    state->actor = *actor;
    state->started = state->last_auth = state->last_write = NowMs();
    // Resume after a reconnect from the last notification the client saw; a new stream starts
    // from now (the inbox list has the past).
    std::string resume = r.Header("last-event-id");
    if (auto v = ParseInt(resume); v && *v >= 0) {
      state->last_notification = *v;
    } else {
      auto latest = s.inbox->LatestId(*actor);
      if (!latest) return ErrorResponse(latest.error());
      state->last_notification = *latest;
    }
    auto unread = s.inbox->Unread(*actor);
    if (!unread) return ErrorResponse(unread.error());
    auto latest_case = s.cases->LatestCaseId(*actor);
    if (!latest_case) return ErrorResponse(latest_case.error());
    state->last_case = *latest_case;
    http::Response res;
    res.content_type = "text/event-stream; charset=utf-8";
    res.body =
        "retry: 3000\n\n" + Event("hello", {{"unread", *unread},
                                            {"latest_notification_id", state->last_notification},
                                            {"latest_case_id", state->last_case}});
    res.poll_ms = kStreamPollMs;
    res.next = [state] { return state->Next(); };
    return res;
  });
}

}  // namespace civicgrid::api
