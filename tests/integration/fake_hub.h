// A TCP listener on 127.0.0.1 that is not a hub, on a port of its own choosing, for the tests of
// hubs that do not answer (unreachable_hub_test.cpp, hub_failover_test.cpp). Stopped by its
// destructor. Not thread-safe.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <thread>

namespace triad::integration {

// A TCP listener on 127.0.0.1 that is not a hub: it never accepts (the kernel still completes
// connections into its backlog, so clients connect and then hear nothing), or it accepts and
// closes every connection at once.
class FakeHub {
 public:
  enum class Mode { kSilent, kHangUp };
  explicit FakeHub(Mode mode) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    if (mode == Mode::kHangUp)
      thread_ = std::thread([this] {
        for (;;) {
          const int c = ::accept(fd_, nullptr, nullptr);
          if (c < 0) return;  // shut down by the destructor
          ::close(c);
        }
      });
  }
  ~FakeHub() {
    ::shutdown(fd_, SHUT_RDWR);  // wakes the accept loop
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  FakeHub(const FakeHub&) = delete;
  FakeHub& operator=(const FakeHub&) = delete;
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace triad::integration
