// The single mapping from Status codes to HTTP statuses and the one error body
// {"error":{"code","message","fields"}} (plus "allowed_actions" for a wrong-state action).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"
#include "http/message.h"

namespace civicgrid::api {

int HttpStatusFor(const base::Error& error);
http::Response ErrorResponse(const base::Error& error);
// For errors the HTTP layer raises itself (413, 400 …).
http::Response ErrorReply(int status, const std::string& code, const std::string& message);
http::Response JsonResponse(int status, const nlohmann::json& body);

}  // namespace civicgrid::api
