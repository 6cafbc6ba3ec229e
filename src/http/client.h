// A minimal HTTP/1.1 client for outgoing webhooks: one POST per connection, plain http:// only
// (a TLS-terminating proxy serves https receivers), bounded by a timeout.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace civicgrid::http {

struct ClientResult {
  int status = 0;     // 0: no answer (see error)
  std::string error;  // why there was no answer, or ""
};

ClientResult Post(const std::string& url, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  std::chrono::milliseconds timeout);

}  // namespace civicgrid::http
