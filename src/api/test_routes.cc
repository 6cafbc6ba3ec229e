// /api/v1/test/*: only in the test-only server mode (serve --test-clock), for an administrator:
// move the server's clock forward, and run the automatic supervision now instead of waiting for
// the scheduler. Never registered otherwise.
#include "api/dto.h"
#include "api/handler_util.h"
#include "api/json_input.h"

namespace civicgrid::api {
namespace {

http::Response AdminOnly() {
  return ErrorResponse(
      base::PermissionDenied("only an administrator may use the test routes").value());
}

}  // namespace

void AddTestRoutes(http::Router& router, const Services& s) {
  router.Add("POST", "/api/v1/test/clock", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      if (actor.role != access::Role::kAdmin) return AdminOnly();
      auto body = ParseObject(r.body, false);
      if (!body) return ErrorResponse(body.error());
      Fields f(*body);
      auto advance = f.Number("advance_ms");
      if (auto st = f.Check(); !st) return ErrorResponse(st.error());
      if (!advance || *advance < 0 || *advance > 366.0 * 86400 * 1000) {
        return ErrorResponse(
            base::InvalidArgument("advance_ms", "required: 0 to one year of milliseconds").value());
      }
      s.test_clock->Advance(static_cast<int64_t>(*advance));
      return JsonResponse(
          200, {{"now", IsoTime(s.test_clock->NowMs())}, {"offset_ms", s.test_clock->Offset()}});
    });
  });
  router.Add("POST", "/api/v1/test/supervise", [&s](const http::Request& r, const http::Params&) {
    return WithActor(s, r, [&](const access::Actor& actor) {
      if (actor.role != access::Role::kAdmin) return AdminOnly();
      auto run = s.supervisor->RunOnce();
      if (!run) return ErrorResponse(run.error());
      return JsonResponse(200, {{"warned", run->warned},
                                {"supervised", run->supervised},
                                {"escalated", run->escalated},
                                {"skipped", run->skipped}});
    });
  });
}

}  // namespace civicgrid::api
