// Status and Result<T>: the error values every domain, application and storage function returns.
// Protocol-independent codes; the HTTP layer maps them to statuses in exactly one place.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace civicgrid::base {

enum class Code {
  kInvalidArgument,     // bad input; `fields` names each bad field and why
  kNotFound,            // the thing asked for does not exist (or the caller may not know it does)
  kPermissionDenied,    // authenticated, but role or area scope forbids it
  kUnauthenticated,     // no valid credentials
  kFailedPrecondition,  // wrong state; `allowed` lists what may be done now
  kConflict,            // concurrent change or duplicate key
  kResourceExhausted,   // a limit was hit (size, count)
  kRateLimited,         // too many requests from this caller for now; try again later
  kStorageFull,         // the disk is full: nothing was written
  kUnavailable,         // try again later
  kInternal,            // a bug or an environment failure
};

// Stable lowercase token for a code, used in the error body.
const char* CodeName(Code code);

struct Error {
  Code code = Code::kInternal;
  std::string message;
  std::map<std::string, std::string> fields;  // field name -> reason
  std::vector<std::string> allowed;           // actions allowed now (kFailedPrecondition)
  int64_t retry_after_seconds = 0;            // when to try again (kRateLimited); 0 = unknown
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline Status Ok() { return {}; }

inline tl::unexpected<Error> Fail(Code code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message), {}, {}});
}
inline tl::unexpected<Error> InvalidArgument(std::string field, std::string reason) {
  std::string message = field + ": " + reason;
  return tl::unexpected<Error>(Error{
      Code::kInvalidArgument, std::move(message), {{std::move(field), std::move(reason)}}, {}});
}
inline tl::unexpected<Error> InvalidFields(std::string message,
                                           std::map<std::string, std::string> fields) {
  return tl::unexpected<Error>(
      Error{Code::kInvalidArgument, std::move(message), std::move(fields), {}});
}
// An import rejected as a whole: `errors` maps "line N" (or "feature N") to the reason.
inline tl::unexpected<Error> RejectedRows(std::map<std::string, std::string> errors,
                                          const std::string& noun = "row") {
  std::string message =
      std::to_string(errors.size()) + " " + noun + "(s) are invalid; nothing was imported";
  return InvalidFields(std::move(message), std::move(errors));
}
inline tl::unexpected<Error> NotFound(std::string message) {
  return Fail(Code::kNotFound, std::move(message));
}
inline tl::unexpected<Error> PermissionDenied(std::string message) {
  return Fail(Code::kPermissionDenied, std::move(message));
}
inline tl::unexpected<Error> Unauthenticated(std::string message) {
  return Fail(Code::kUnauthenticated, std::move(message));
}
inline tl::unexpected<Error> Conflict(std::string message) {
  return Fail(Code::kConflict, std::move(message));
}
inline tl::unexpected<Error> Internal(std::string message) {
  return Fail(Code::kInternal, std::move(message));
}
inline tl::unexpected<Error> FailedPrecondition(std::string message,
                                                std::vector<std::string> allowed) {
  return tl::unexpected<Error>(
      Error{Code::kFailedPrecondition, std::move(message), {}, std::move(allowed)});
}

}  // namespace civicgrid::base
