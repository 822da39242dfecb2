#include "triad/net/address.h"

#include <algorithm>

namespace triad::net {

core::Result<HostPort> parse_address(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return core::invalid_argument(
        "'" + text + "' is not an address of the form HOST:PORT (for example 127.0.0.1:7400)");
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  unsigned long number = 0;
  for (char c : port) {
    if (c < '0' || c > '9')
      return core::invalid_argument("the port in '" + text + "' is not a number");
    number = std::min(number * 10 + static_cast<unsigned long>(c - '0'), 65536ul);  // no overflow
  }
  if (number > 65535) return core::invalid_argument("the port in '" + text + "' is over 65535");
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return HostPort{host, port};
}

}  // namespace triad::net
