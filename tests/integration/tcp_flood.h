// A flood of plain TCP connections to one port on 127.0.0.1, as a careless or hostile client
// makes them: connect (non-blocking, so a full accept queue never stalls the test) and send
// nothing, keeping every socket open until the flood is destroyed. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace triad::integration {

class TcpFlood {
 public:
  TcpFlood(uint16_t port, size_t connections);
  ~TcpFlood();
  TcpFlood(const TcpFlood&) = delete;
  TcpFlood& operator=(const TcpFlood&) = delete;

  size_t opened() const { return fds_.size(); }
  // How many of them the other end has closed (or reset) by now.
  size_t closed_by_peer() const;

 private:
  std::vector<int> fds_;
};

}  // namespace triad::integration
