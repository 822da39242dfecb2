// "HOST:PORT" as the hub's sync port, its dashboard and the client take it (--listen, --dashboard,
// --hub). Text only, no sockets and no name lookup; thread-safe.
#pragma once

#include <string>

#include "triad/core/status.h"

namespace triad::net {

struct HostPort {
  std::string host;  // a name, an IPv4 address, or an IPv6 address without its brackets
  std::string port;  // decimal, 0 to 65535 (0: pick a free port, when listening)
};

// Accepts host:port, 1.2.3.4:port and [::1]:port. kInvalidArgument, quoting `text`, when there is
// no host or no port, or the port is not a number from 0 to 65535.
core::Result<HostPort> parse_address(const std::string& text);

}  // namespace triad::net
