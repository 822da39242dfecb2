// The open connections of one server and its polite shutdown (STYLE.md "Shutdown"): stop
// accepting, cancel what every connection is waiting for (an idle read ends at once, so its
// session can say goodbye), wait a bounded time for them to finish, then give up on the rest. The
// hub's sync port and its dashboard both stop this way. I/O thread only; not thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <set>

#include "triad/net/asio.h"

namespace triad::net {

class OpenConnections {
 public:
  OpenConnections() = default;
  OpenConnections(const OpenConnections&) = delete;
  OpenConnections& operator=(const OpenConnections&) = delete;

  // Counts `socket` as open for its lifetime (a connection's socket moves into TLS: hold each).
  // The last one to end during a shutdown ends the grace period at once.
  class Held {
   public:
    Held(OpenConnections& open, tcp::socket& socket);
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    ~Held();

   private:
    OpenConnections& open_;
    tcp::socket* socket_;
  };

  bool stopping() const { return stopping_; }
  size_t size() const { return live_.size(); }

  // Begins the shutdown; later calls do nothing. Closes `acceptor`, cancels every open
  // connection's pending operations, and if some are still open after `grace`, calls
  // `give_up(how_many)` (which stops the server's io_context, typically).
  void shut_down(tcp::acceptor& acceptor, std::chrono::milliseconds grace,
                 std::function<void(size_t)> give_up);

  // The server is being destroyed with connections cut short by give_up: their ends, as their
  // io_context destroys them, touch nothing from now on. Declare the OpenConnections before that
  // io_context, so it is still there for them.
  void abandon() { abandoned_ = true; }

 private:
  std::set<tcp::socket*> live_;
  bool stopping_ = false;
  bool abandoned_ = false;
  std::weak_ptr<asio::steady_timer> grace_;  // owned by its own handler while it waits
};

}  // namespace triad::net
