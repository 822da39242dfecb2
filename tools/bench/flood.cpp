#include "flood.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include "triad/sync/frame.h"
#include "triad/sync/session.h"

namespace triad::bench {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct Flood::State {
  FloodPlan plan;
  asio::io_context io{1};
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connects{0}, closed_by_hub{0}, failed{0}, held{0}, declared_held{0};

  explicit State(FloodPlan p) : plan(std::move(p)) {}
};

namespace {

constexpr uint32_t kDeclaredBytes = 4u << 20;
constexpr uint64_t kDeclaringSite = 0xdec1a7edull;  // one site id for the declaring device's token

awaitable<void> pause(Flood::State& s) {
  asio::steady_timer t(s.io, s.plan.reconnect);
  error_code ignored;
  co_await t.async_wait(asio::redirect_error(use_awaitable, ignored));
}

// Waits until the hub closes `socket` (a read that ends); counts it.
template <class Stream>
awaitable<void> hold(Flood::State& s, Stream& stream) {
  char byte;
  error_code ec;
  for (;;) {  // anything the hub sends (an Error) is read past until it closes
    co_await stream.async_read_some(asio::buffer(&byte, 1),
                                    asio::redirect_error(use_awaitable, ec));
    if (ec) break;
  }
  if (!s.stopping) ++s.closed_by_hub;
}

awaitable<void> idle_connection(Flood::State& s, uint16_t port) {
  const tcp::endpoint hub(asio::ip::make_address("127.0.0.1"), port);
  while (!s.stopping) {
    tcp::socket socket(s.io);
    error_code ec;
    co_await socket.async_connect(hub, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      ++s.failed;
    } else {
      ++s.connects;
      ++s.held;
      co_await hold(s, socket);
      --s.held;
    }
    co_await pause(s);
  }
}

std::string header_of(uint32_t n) {
  std::string h;
  for (int shift = 24; shift >= 0; shift -= 8) h += static_cast<char>((n >> shift) & 0xff);
  return h;
}

// Connects, handshakes and says Hello; true once welcomed.
awaitable<bool> open_session(Flood::State& s, asio::ssl::stream<tcp::socket>& stream) {
  const tcp::endpoint hub(asio::ip::make_address("127.0.0.1"), s.plan.port);
  error_code ec;
  co_await stream.next_layer().async_connect(hub, asio::redirect_error(use_awaitable, ec));
  if (!ec)
    co_await stream.async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  v1::Envelope hello;
  sync::state_protocol(*hello.mutable_hello());
  hello.mutable_hello()->set_site_id(kDeclaringSite);
  hello.mutable_hello()->set_device_token(s.plan.token);
  hello.mutable_hello()->set_app_version("triad-bench flood");
  const std::string frame = sync::encode_frame(hello);
  co_await asio::async_write(stream, asio::buffer(frame), asio::redirect_error(use_awaitable, ec));
  unsigned char header[sync::kFrameHeaderBytes];
  if (!ec)
    co_await asio::async_read(stream, asio::buffer(header),
                              asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  auto n = sync::decode_frame_length(header, sync::kDefaultMaxFrameBytes);
  if (!n) co_return false;
  std::string body(*n, '\0');
  co_await asio::async_read(stream, asio::buffer(body), asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  auto welcome = sync::decode_frame_body(body);
  co_return welcome && welcome->has_welcome();
}

awaitable<void> declared_frame(Flood::State& s) {
  while (!s.stopping) {
    asio::ssl::stream<tcp::socket> stream(s.io, s.tls);
    const bool welcomed = co_await open_session(s, stream);
    error_code ec;
    if (welcomed) {
      const std::string declaration = header_of(kDeclaredBytes) + std::string(4, '\x0a');
      co_await asio::async_write(stream, asio::buffer(declaration),
                                 asio::redirect_error(use_awaitable, ec));
    }
    if (!welcomed || ec) {
      ++s.failed;
    } else {
      ++s.connects;
      ++s.held;
      ++s.declared_held;
      co_await hold(s, stream);
      --s.declared_held;
      --s.held;
    }
    co_await pause(s);
  }
}

}  // namespace

Flood::Flood(FloodPlan plan) : state_(std::make_unique<State>(std::move(plan))) {
  State& s = *state_;
  s.tls.load_verify_file(s.plan.cert);
  s.tls.set_verify_mode(asio::ssl::verify_peer);
  for (size_t i = 0; i < s.plan.idle; ++i)
    asio::co_spawn(s.io, idle_connection(s, s.plan.port), asio::detached);
  for (size_t i = 0; i < s.plan.idle_dashboard; ++i)
    asio::co_spawn(s.io, idle_connection(s, s.plan.dashboard_port), asio::detached);
  for (size_t i = 0; i < s.plan.declared; ++i)
    asio::co_spawn(s.io, declared_frame(s), asio::detached);
  thread_ = std::thread([&s] { s.io.run(); });
}

Flood::~Flood() { stop(); }

FloodFigures Flood::figures() const {
  if (!state_) return last_;
  const State& s = *state_;
  return {s.connects, s.closed_by_hub, s.failed, s.held, s.declared_held};
}

void Flood::stop() {
  if (!thread_.joinable()) return;
  state_->stopping = true;
  state_->io.stop();
  thread_.join();
  last_ = figures();
  state_.reset();  // destroys the connections, closing them
}

}  // namespace triad::bench
