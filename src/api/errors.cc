#include "api/errors.h"

namespace civicgrid::api {

int HttpStatusFor(const base::Error& error) {
  switch (error.code) {
    case base::Code::kInvalidArgument:
      // Field-level problems are unprocessable content; a body that is not even JSON is a bad
      // request.
      return error.fields.empty() ? 400 : 422;
    case base::Code::kNotFound:
      return 404;
    case base::Code::kPermissionDenied:
      return 403;
    case base::Code::kUnauthenticated:
      return 401;
    case base::Code::kFailedPrecondition:
    case base::Code::kConflict:
      return 409;
    case base::Code::kResourceExhausted:
      return 413;
    case base::Code::kRateLimited:
      return 429;
    case base::Code::kStorageFull:
      return 507;
    case base::Code::kUnavailable:
      return 503;
    case base::Code::kInternal:
      return 500;
  }
  return 500;
}

http::Response ErrorResponse(const base::Error& error) {
  nlohmann::json body;
  body["error"]["code"] = base::CodeName(error.code);
  body["error"]["message"] = error.message;
  body["error"]["fields"] = nlohmann::json::object();
  for (const auto& [k, v] : error.fields) body["error"]["fields"][k] = v;
  if (error.code == base::Code::kFailedPrecondition) {
    body["error"]["allowed_actions"] = error.allowed;
  }
  auto res = JsonResponse(HttpStatusFor(error), body);
  if (error.code == base::Code::kUnauthenticated) {
    res.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  if (error.code == base::Code::kRateLimited) {
    constexpr int64_t kUnknownWaitSeconds = 60;
    res.headers.emplace_back(
        "Retry-After", std::to_string(error.retry_after_seconds > 0 ? error.retry_after_seconds
                                                                    : kUnknownWaitSeconds));
  }
  return res;
}

http::Response ErrorReply(int status, const std::string& code, const std::string& message) {
  nlohmann::json body;
  body["error"] = {{"code", code}, {"message", message}, {"fields", nlohmann::json::object()}};
  return JsonResponse(status, body);
}

http::Response JsonResponse(int status, const nlohmann::json& body) {
  http::Response res;
  res.status = status;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace civicgrid::api
