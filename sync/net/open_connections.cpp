#include "triad/net/open_connections.h"

namespace triad::net {

OpenConnections::Held::Held(OpenConnections& open, tcp::socket& socket)
    : open_(open), socket_(&socket) {
  open_.live_.insert(socket_);
}

OpenConnections::Held::~Held() {
  if (open_.abandoned_) return;
  open_.live_.erase(socket_);
  if (!open_.stopping_ || !open_.live_.empty()) return;
  if (auto grace = open_.grace_.lock()) grace->cancel();
}

void OpenConnections::shut_down(tcp::acceptor& acceptor, std::chrono::milliseconds grace,
                                std::function<void(size_t)> give_up) {
  if (stopping_) return;
  stopping_ = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  for (tcp::socket* socket : live_) socket->cancel(ignored);  // idle reads end now
  if (live_.empty()) return;
  auto timer = std::make_shared<asio::steady_timer>(acceptor.get_executor(), grace);
  grace_ = timer;
  timer->async_wait([this, timer, give_up = std::move(give_up)](boost::system::error_code ec) {
    if (!ec && !abandoned_ && !live_.empty()) give_up(live_.size());
  });
}

}  // namespace triad::net
