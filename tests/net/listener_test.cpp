// What every Triad server does around its connections (triad/net/listener.h, open_connections.h),
// on 127.0.0.1: the certificate and key refused in words that name the file, a port already taken,
// and the polite shutdown: an idle connection ends at once, one that does not is given up on after
// the grace period.
#include "triad/net/listener.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>

#include "triad/net/open_connections.h"

using namespace triad;
using namespace std::chrono_literals;
using net::tcp;
using net::asio::awaitable;

namespace {

const std::string kCert = TRIAD_FIXTURES_DIR "/hub-cert.pem";
const std::string kNotCert = TRIAD_FIXTURES_DIR "/not-a-cert.pem";  // a PEM public key

// A server on 127.0.0.1 that holds each connection it accepts until `hold` ends.
struct Server {
  net::OpenConnections open;  // before `io`, as open_connections.h asks
  net::asio::io_context io{1};
  tcp::acceptor acceptor{io};
  tcp::socket client{io};
  std::optional<size_t> given_up;  // how many connections shut_down gave up on

  Server() {
    auto endpoint = net::listen_endpoint(io, "127.0.0.1:0");
    REQUIRE(endpoint);
    REQUIRE(net::start_listening(acceptor, *endpoint, "127.0.0.1:0").is_ok());
  }
  ~Server() { open.abandon(); }

  // Accepts, holds each connection in `open` while `hold` runs, and begins the shutdown once the
  // first is held. Returns how long io.run() took.
  template <class Hold>
  std::chrono::steady_clock::duration run(Hold hold, std::chrono::milliseconds grace) {
    net::asio::co_spawn(io,
                        net::accept_connections(
                            acceptor, [](const std::string&) {},
                            [this, hold, grace](tcp::socket socket) {
                              net::asio::co_spawn(io, held(std::move(socket), hold, grace),
                                                  net::asio::detached);
                            }),
                        net::asio::detached);
    client.async_connect(acceptor.local_endpoint(), [](boost::system::error_code) {});
    const auto start = std::chrono::steady_clock::now();
    io.run_for(30s);
    return std::chrono::steady_clock::now() - start;
  }

  template <class Hold>
  awaitable<void> held(tcp::socket socket, Hold hold, std::chrono::milliseconds grace) {
    net::OpenConnections::Held in_open(open, socket);
    net::asio::post(io, [this, grace] {
      open.shut_down(acceptor, grace, [this](size_t n) {
        given_up = n;
        io.stop();
      });
    });
    co_await hold(socket);
  }
};

}  // namespace

TEST_CASE("a server's certificate and key are refused in words that name the file", "[net][tls]") {
  const auto missing = net::server_tls_context("/nonexistent/hub.crt", "/nonexistent/hub.key");
  REQUIRE_FALSE(missing);
  CHECK(missing.status().code() == core::StatusCode::kInvalidArgument);
  CHECK_THAT(missing.status().message(),
             Catch::StartsWith("cannot use the certificate /nonexistent/hub.crt: "));
  const auto not_cert = net::server_tls_context(kNotCert, kNotCert);
  REQUIRE_FALSE(not_cert);
  CHECK_THAT(not_cert.status().message(),
             Catch::StartsWith("cannot use the certificate " + kNotCert + ": "));
  const auto no_key = net::server_tls_context(kCert, "/nonexistent/hub.key");
  REQUIRE_FALSE(no_key);
  CHECK_THAT(no_key.status().message(),
             Catch::StartsWith("cannot use the private key /nonexistent/hub.key: "));
  const auto not_key = net::server_tls_context(kCert, kNotCert);
  REQUIRE_FALSE(not_key);
  CHECK_THAT(not_key.status().message(),
             Catch::StartsWith("cannot use the private key " + kNotCert + ": "));
}

TEST_CASE("a port already listened on is refused as unavailable, naming the address",
          "[net][listen]") {
  Server first;
  const std::string taken = "127.0.0.1:" + std::to_string(first.acceptor.local_endpoint().port());
  net::asio::io_context io;
  tcp::acceptor second(io);
  auto endpoint = net::listen_endpoint(io, taken);
  REQUIRE(endpoint);
  const core::Status refused = net::start_listening(second, *endpoint, taken);
  CHECK(refused.code() == core::StatusCode::kUnavailable);
  CHECK_THAT(refused.message(), Catch::StartsWith("cannot listen on " + taken + ": "));
  const auto not_address = net::listen_endpoint(io, "127.0.0.1");
  REQUIRE_FALSE(not_address);
  CHECK(not_address.status().code() == core::StatusCode::kInvalidArgument);
}

TEST_CASE("a polite shutdown ends an idle connection at once and stops accepting",
          "[net][shutdown]") {
  Server server;
  bool read_ended = false;
  const auto took = server.run(
      [&read_ended](tcp::socket& socket) -> awaitable<void> {
        char byte;
        boost::system::error_code ec;
        co_await socket.async_read_some(net::asio::buffer(&byte, 1),
                                        net::asio::redirect_error(net::asio::use_awaitable, ec));
        read_ended = true;
      },
      10s);
  CHECK(read_ended);
  CHECK_FALSE(server.given_up);
  CHECK_FALSE(server.acceptor.is_open());
  CHECK(server.open.size() == 0);
  CHECK(took < 5s);  // io.run() returned: nothing left waiting, the accept loop included
}

TEST_CASE("a polite shutdown gives up on a connection still busy after the grace period",
          "[net][shutdown]") {
  Server server;
  const auto took = server.run(
      [&server](tcp::socket&) -> awaitable<void> {
        net::asio::steady_timer busy(server.io, 60s);  // work a cancelled socket does not end
        boost::system::error_code ec;
        co_await busy.async_wait(net::asio::redirect_error(net::asio::use_awaitable, ec));
      },
      200ms);
  REQUIRE(server.given_up);
  CHECK(*server.given_up == 1);
  CHECK(took >= 200ms);
  CHECK(took < 10s);
}
