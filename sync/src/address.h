// "HOST:PORT" parsing for the hub's and the client's addresses. Internal.
#pragma once

#include <string>

#include "triad/core/status.h"

namespace triad::sync::detail {

struct HostPort {
  std::string host;
  std::string port;
};

// Accepts host:port, 1.2.3.4:port and [::1]:port; kInvalidArgument otherwise.
inline core::Result<HostPort> parse_address(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return core::invalid_argument(
        "'" + text + "' is not an address of the form HOST:PORT (for example 127.0.0.1:7400)");
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  for (char c : port)
    if (c < '0' || c > '9')
      return core::invalid_argument("the port in '" + text + "' is not a number");
  if (std::stoul(port) > 65535)
    return core::invalid_argument("the port in '" + text + "' is over 65535");
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return HostPort{host, port};
}

}  // namespace triad::sync::detail
