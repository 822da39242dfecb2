// The hub's server: accept, TLS handshake, one session state machine per connection with its
// store work on the store thread, polite shutdown.
#include <atomic>
#include <set>

#include "address.h"
#include "asio_includes.h"
#include "frame_io.h"
#include "group_commit.h"
#include "triad/sync/transport.h"

namespace triad::sync {

using namespace detail;

// Until a client has said Hello with a valid token, its frames are small: an unauthenticated
// connection cannot make the hub hold megabytes.
constexpr uint32_t kMaxFrameBeforeHello = 64 * 1024;

struct HubServer::Impl {
  bool torn_down = false;  // declared first, destroyed last: frames destroyed with `io` check it
  Hub& hub;
  ServeOptions options;
  asio::io_context io{1};
  asio::thread_pool store_thread{1};  // the hub's store is used from this one thread only
  GroupCommit group_commit{hub, store_thread};
  std::optional<asio::ssl::context> tls;
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io};
  std::set<tcp::socket*> live;  // open connections (I/O thread only)
  bool stopping = false;
  std::optional<asio::steady_timer> grace;  // while stopping: when to give up on open sessions
  std::atomic<size_t> served{0};

  Impl(Hub& h, ServeOptions o) : hub(h), options(std::move(o)) {}
};

namespace {

// Keeps a connection's socket in the live set for the lifetime of its coroutine.
// The last one to end during a shutdown lets the hub stop at once, without waiting out the grace.
class LiveConnection {
 public:
  LiveConnection(HubServer::Impl& s, tcp::socket& socket) : s_(s), socket_(&socket) { s_.live.insert(socket_); }
  ~LiveConnection() {
    if (s_.torn_down) return;  // the server is being destroyed with this session unfinished
    s_.live.erase(socket_);
    if (s_.stopping && s_.live.empty() && s_.grace) s_.grace->cancel();
  }

 private:
  HubServer::Impl& s_;
  tcp::socket* socket_;
};

template <class Stream>
awaitable<void> run_session(HubServer::Impl& s, Stream& stream) {
  HubSession session(s.hub);
  const auto timeout = s.options.read_timeout;
  for (;;) {
    std::optional<core::Result<v1::Envelope>> frame;
    try {
      frame = co_await read_frame(stream, session.authenticated() ? s.hub.limits().max_frame_bytes : kMaxFrameBeforeHello,
                                  timeout);
    } catch (const boost::system::system_error&) {
      if (!s.stopping) throw;  // the peer left or timed out
    }
    if (!frame) {  // reading was cancelled because the hub is stopping
      co_await write_frame(stream, error_envelope(v1::SHUTTING_DOWN, "the hub is shutting down; sync again in a minute"), timeout);
      co_return;
    }
    if (!*frame) {
      s.hub.log("bad frame from " + (session.peer_name().empty() ? "a client" : session.peer_name()) + ": " +
                frame->status().message());
      co_await write_frame(stream, error_envelope(code_for_bad_frame(frame->status()), frame->status().message()), timeout);
      co_return;
    }
    const v1::Envelope& in = frame->value();
    std::optional<Frames> out = co_await s.group_commit.handle(session, in);
    if (!out) {
      co_await write_frame(stream, error_envelope(v1::INTERNAL, "the hub could not store this session's work; sync again later"), timeout);
      co_return;
    }
    for (const v1::Envelope& e : *out) co_await write_frame(stream, e, timeout);
    if (session.finished()) co_return;
  }
}

awaitable<void> serve(HubServer::Impl& s, tcp::socket socket) {
  try {
    if (s.tls) {
      TlsStream stream(std::move(socket), *s.tls);
      LiveConnection live(s, stream.next_layer());
      {
        Deadline d(stream.next_layer(), s.options.read_timeout);
        co_await stream.async_handshake(asio::ssl::stream_base::server, use_awaitable);
      }
      co_await run_session(s, stream);
      Deadline d(stream.next_layer(), std::chrono::milliseconds(2000));
      boost::system::error_code ignored;
      co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
    } else {
      LiveConnection live(s, socket);
      co_await run_session(s, socket);
    }
  } catch (const std::exception& e) {
    s.hub.log(std::string("connection ended: ") + e.what());
  }
  ++s.served;
}

awaitable<void> accept_loop(HubServer::Impl& s) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await s.acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (s.stopping || ec == asio::error::operation_aborted) co_return;
      s.hub.log("accept failed: " + ec.message());
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);  // frames are small and turn-taking: no Nagle delay
    asio::co_spawn(s.io, serve(s, std::move(socket)), asio::detached);
  }
}

void begin_shutdown(HubServer::Impl& s) {
  if (s.stopping) return;
  s.stopping = true;
  s.hub.log("shutting down: no new sessions; open sessions are told to come back later");
  boost::system::error_code ignored;
  s.acceptor.close(ignored);
  s.signals.cancel(ignored);
  for (tcp::socket* socket : s.live) socket->cancel(ignored);  // idle reads end now
  if (s.live.empty()) return;
  s.grace.emplace(s.io, s.options.shutdown_grace);
  s.grace->async_wait([&s](boost::system::error_code ec) {
    if (!ec && !s.live.empty()) {
      s.hub.log("closing " + std::to_string(s.live.size()) + " session(s) that did not finish in time");
      s.io.stop();
    }
  });
}

core::Status load_tls(HubServer::Impl& s) {
  if (s.options.plaintext) return core::Status::ok();
  if (s.options.cert_file.empty() || s.options.key_file.empty())
    return core::invalid_argument("the hub needs --cert and --key (or --insecure-plaintext for tests on loopback)");
  s.tls.emplace(asio::ssl::context::tls_server);
  s.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  s.tls->use_certificate_chain_file(s.options.cert_file, ec);
  if (ec) return core::invalid_argument("cannot use the certificate " + s.options.cert_file + ": " + ec.message());
  s.tls->use_private_key_file(s.options.key_file, asio::ssl::context::pem, ec);
  if (ec) return core::invalid_argument("cannot use the private key " + s.options.key_file + ": " + ec.message());
  return core::Status::ok();
}

}  // namespace

HubServer::HubServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HubServer::~HubServer() {
  impl_->store_thread.join();
  impl_->torn_down = true;  // sessions cut short by the grace period are destroyed with `io`
}

core::Result<std::unique_ptr<HubServer>> HubServer::create(Hub& hub, ServeOptions options) {
  auto impl = std::make_unique<Impl>(hub, std::move(options));
  TRIAD_RETURN_IF_ERROR(load_tls(*impl));
  auto address = parse_address(impl->options.listen);
  if (!address) return address.status();
  boost::system::error_code ec;
  tcp::resolver resolver(impl->io);
  auto endpoints = resolver.resolve(address->host, address->port, tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) return core::invalid_argument("cannot listen on " + impl->options.listen + ": " + ec.message());
  const tcp::endpoint endpoint = *endpoints.begin();
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return core::unavailable("cannot listen on " + impl->options.listen + ": " + ec.message());
  return std::unique_ptr<HubServer>(new HubServer(std::move(impl)));
}

uint16_t HubServer::port() const { return impl_->acceptor.local_endpoint().port(); }

size_t HubServer::sessions_served() const { return impl_->served; }

core::Status HubServer::run() {
  Impl& s = *impl_;
  if (s.options.handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](boost::system::error_code ec, int) {
      if (!ec) begin_shutdown(s);
    });
  }
  asio::co_spawn(s.io, accept_loop(s), asio::detached);
  try {
    s.io.run();
  } catch (const std::exception& e) {
    return core::store_error(std::string("the hub stopped on an error: ") + e.what());
  }
  return core::Status::ok();
}

void HubServer::stop() {
  asio::post(impl_->io, [&s = *impl_] { begin_shutdown(s); });
}

}  // namespace triad::sync
