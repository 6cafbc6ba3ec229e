// The one place a request parsed by Boost.Beast becomes our Beast-free http::Request (kept out of
// message.h so that the api layer never sees Beast headers). The server and the HTTP fuzz target
// both build requests here.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.h"

namespace civicgrid::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The method; the target split into a percent-decoded path and a decoded query map; headers with
// lower-cased names (a repeated header keeps its last value); the body, moved out of `raw`.
// remote_address is left empty for the caller. Pure: safe on any thread.
Request FromBeast(BeastRequest raw);

}  // namespace civicgrid::http
