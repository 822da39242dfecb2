// A port on 127.0.0.1 that nothing listens on, for tests of a hub that is not there: the kernel
// picks a free port for a socket bound to port 0, which is then closed. Another process could take
// the port meanwhile; on a test machine that is too rare to matter (a connection would then be
// refused or fail the TLS handshake, and the test would say so).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

namespace triad::testing {

inline uint16_t unused_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  REQUIRE(bound);
  return ntohs(addr.sin_port);
}

// 127.0.0.1:PORT for such a port.
inline std::string address_nothing_listens_on() {
  return "127.0.0.1:" + std::to_string(unused_loopback_port());
}

}  // namespace triad::testing
