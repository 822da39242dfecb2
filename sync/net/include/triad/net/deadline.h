// Deadlines on socket operations, for the hub's sync port, its dashboard and the client: when one
// passes, the socket is closed, so the operation it guards fails. Used on the socket's I/O thread.
#pragma once

#include <chrono>
#include <memory>

#include "triad/net/asio.h"

namespace triad::net {

// Closes `socket` if the operation it guards has not finished in `timeout`. The timer's handler
// may run after the Deadline is gone (it had already fired), so it checks a shared flag first.
class Deadline {
 public:
  Deadline(tcp::socket& socket, std::chrono::steady_clock::duration timeout)
      : timer_(socket.get_executor()), armed_(std::make_shared<bool>(true)) {
    timer_.expires_after(timeout);
    timer_.async_wait([armed = armed_, &socket](boost::system::error_code ec) {
      if (ec || !*armed) return;
      boost::system::error_code ignored;
      socket.close(ignored);
    });
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  ~Deadline() {
    *armed_ = false;
    timer_.cancel();
  }

 private:
  asio::steady_timer timer_;
  std::shared_ptr<bool> armed_;
};

// Waits until a newly accepted connection has sent its first bytes, reading none of them, and
// closes it if none have come by `by` (a server's handshake deadline). Costs no TLS state, so a
// flood of silent connections costs as little as it can. The error (none when bytes came) is
// returned, not thrown.
inline awaitable<boost::system::error_code> wait_first_bytes(
    tcp::socket& socket, std::chrono::steady_clock::time_point by) {
  Deadline deadline(socket, by - std::chrono::steady_clock::now());
  boost::system::error_code ec;
  co_await socket.async_wait(tcp::socket::wait_read, asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

}  // namespace triad::net
