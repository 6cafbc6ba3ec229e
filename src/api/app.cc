#include "api/app.h"

#include <fstream>
#include <sstream>

#include "api/errors.h"

namespace civicgrid::api {
namespace {

constexpr size_t kMaxJsonBodyBytes = size_t{1024} * 1024;

std::string ContentTypeOf(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  if (ends(".yaml")) return "application/yaml; charset=utf-8";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

// Serves the web front end: known files, and index.html for client-side routes.
http::Response ServeStatic(const std::string& dir, const std::string& path) {
  if (dir.empty() || path.find("..") != std::string::npos) {
    return ErrorReply(404, "not_found", "no such page");
  }
  std::string file = dir + (path == "/" ? "/index.html" : path);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    file = dir + "/index.html";
    in.open(file, std::ios::binary);
    if (!in) return ErrorReply(404, "not_found", "the web front end is not built");
  }
  std::ostringstream body;
  body << in.rdbuf();
  http::Response res;
  res.content_type = ContentTypeOf(file);
  res.body = body.str();
  return res;
}

}  // namespace

base::Result<access::Actor> Authenticate(const Services& s, const http::Request& request) {
  std::string header = request.Header("authorization");
  const std::string prefix = "Bearer ";
  if (header.compare(0, prefix.size(), prefix) != 0) {
    return base::Unauthenticated("send Authorization: Bearer <token> (log in first)");
  }
  return s.auth->Authenticate(header.substr(prefix.size()));
}

App::App(Services services) : s_(std::move(services)) {
  AddAuthRoutes(router_, s_);
  AddAreaRoutes(router_, s_);
  AddCatalogRoutes(router_, s_);
  AddCaseRoutes(router_, s_);
  AddNotificationRoutes(router_, s_);
  AddEvaluationRoutes(router_, s_);
  AddApiKeyRoutes(router_, s_);
  AddHotlineRoutes(router_, s_);
  AddWebhookRoutes(router_, s_);
  AddOpen311Routes(router_, s_);
  if (s_.test_clock != nullptr) AddTestRoutes(router_, s_);
}

http::Response App::Handle(const http::Request& request) const {
  http::Response res;
  if (request.method == "GET" && request.path == "/api/docs") {
    res = ServeStatic(s_.static_dir, "/api-docs.html");  // the API reference (Swagger UI)
  } else if (request.method == "GET" && request.path == "/api/openapi.yaml") {
    res = ServeStatic(s_.static_dir, "/openapi.yaml");
  } else if (request.path.rfind("/api/", 0) != 0 && request.path.rfind("/open311/", 0) != 0) {
    if (request.method != "GET" && request.method != "HEAD") {
      return ErrorReply(405, "method_not_allowed", "only GET is served outside /api/");
    }
    res = ServeStatic(s_.static_dir, request.path);
  } else {
    // Photos and imports are bounded by the server's per-target limit; JSON bodies by 1 MiB.
    bool large_allowed =
        request.path == "/api/v1/attachments" || request.path.find("/import") != std::string::npos;
    if (!large_allowed && request.body.size() > kMaxJsonBodyBytes) {
      return ErrorReply(413, "payload_too_large", "a JSON body may be at most 1 MiB");
    }
    http::Params params;
    const http::RouteHandler* handler = nullptr;
    switch (router_.Find(request.method, request.path, &params, &handler)) {
      case http::Router::Match::kFound:
        res = (*handler)(request, params);
        break;
      case http::Router::Match::kWrongMethod:
        res = ErrorReply(405, "method_not_allowed",
                         request.method + " is not allowed on " + request.path);
        break;
      case http::Router::Match::kNoPath:
        res = ErrorReply(404, "not_found", "no endpoint " + request.path);
        break;
    }
  }
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data: blob:; "
                           "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace civicgrid::api
