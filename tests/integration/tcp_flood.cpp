#include "tcp_flood.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace triad::integration {

TcpFlood::TcpFlood(uint16_t port, size_t connections) {
  sockaddr_in hub{};
  hub.sin_family = AF_INET;
  hub.sin_port = htons(port);
  hub.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (size_t i = 0; i < connections; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) break;  // this process's own file limit: the flood is as large as it can be
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&hub), sizeof hub) != 0 &&
        errno != EINPROGRESS) {
      ::close(fd);
      continue;
    }
    fds_.push_back(fd);
  }
}

TcpFlood::~TcpFlood() {
  for (int fd : fds_) ::close(fd);
}

size_t TcpFlood::closed_by_peer() const {
  std::vector<pollfd> polls;
  for (int fd : fds_) polls.push_back({fd, POLLIN | POLLRDHUP, 0});
  if (::poll(polls.data(), polls.size(), 0) < 0) return 0;
  size_t closed = 0;
  for (const pollfd& p : polls) closed += (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
  return closed;
}

}  // namespace triad::integration
