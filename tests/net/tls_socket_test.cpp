// The TLS stream without buffers of its own (triad/net/tls_socket.h) over real TLS on 127.0.0.1:
// handshakes with asio::ssl::stream and with itself at the other end, data both ways, messages of
// many records, a slow reader, a handshake that never finishes, a peer that hangs up mid-message,
// a polite close, a cancelled read (the hub's polite shutdown) and a deadline that closes the
// socket.
#include "triad/net/tls_socket.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "tls_loopback.h"
#include "triad/net/deadline.h"

using namespace triad;
using namespace std::chrono_literals;
using boost::system::error_code;
using net::tcp;
using net::TlsSocket;
using net::asio::awaitable;
using testing::pattern;
using testing::run_bounded;
using testing::TcpPair;
using testing::TlsContexts;
namespace asio = net::asio;
namespace ssl = asio::ssl;
using AsioTls = ssl::stream<tcp::socket>;

namespace {

template <class Stream>
awaitable<error_code> handshake(Stream& s, ssl::stream_base::handshake_type role) {
  error_code ec;
  co_await s.async_handshake(role, asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

// Sends `message`, then reads `reply_size` bytes back into `reply`.
template <class Stream>
awaitable<void> send_then_read(Stream& s, std::string message, size_t reply_size,
                               std::string& reply) {
  co_await asio::async_write(s, asio::buffer(message), asio::use_awaitable);
  reply.resize(reply_size);
  co_await asio::async_read(s, asio::buffer(reply), asio::use_awaitable);
}

// A handshake between `Client` and `Server` ends (client first in its role), then each sends the
// other `size` bytes and reads what the other sent.
template <class Client, class Server>
void exchange_both_ways(size_t size) {
  asio::io_context io{1};
  TlsContexts contexts;
  TcpPair tcp_pair(io);
  Client client(std::move(tcp_pair.client), contexts.client);
  Server server(std::move(tcp_pair.server), contexts.server);
  const std::string to_server = pattern(size, 1), to_client = pattern(size, 2);
  std::string at_server, at_client;
  error_code client_handshake = asio::error::would_block, server_handshake = client_handshake;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        client_handshake = co_await handshake(client, ssl::stream_base::client);
        if (!client_handshake) co_await send_then_read(client, to_server, size, at_client);
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        server_handshake = co_await handshake(server, ssl::stream_base::server);
        if (!server_handshake) co_await send_then_read(server, to_client, size, at_server);
      },
      asio::detached);
  run_bounded(io);
  CHECK_FALSE(client_handshake);
  CHECK_FALSE(server_handshake);
  CHECK(at_server == to_server);
  CHECK(at_client == to_client);
}

}  // namespace

TEST_CASE("a TlsSocket server and an asio::ssl::stream client shake hands and talk both ways",
          "[net][tls]") {
  SECTION("a few bytes") { exchange_both_ways<AsioTls, TlsSocket>(5); }
  SECTION("a message of many records") { exchange_both_ways<AsioTls, TlsSocket>(1 << 20); }
}

TEST_CASE("a TlsSocket client and an asio::ssl::stream server shake hands and talk both ways",
          "[net][tls]") {
  exchange_both_ways<TlsSocket, AsioTls>(300'000);
}

TEST_CASE("two TlsSockets shake hands and talk both ways", "[net][tls]") {
  exchange_both_ways<TlsSocket, TlsSocket>(1 << 20);
}

TEST_CASE("a TlsSocket client refuses a server its context does not trust", "[net][tls]") {
  asio::io_context io{1};
  TlsContexts contexts, strangers;  // the client trusts only the other certificate
  TcpPair tcp_pair(io);
  TlsSocket client(std::move(tcp_pair.client), strangers.client);
  TlsSocket server(std::move(tcp_pair.server), contexts.server);
  error_code at_client, at_server;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        at_client = co_await handshake(client, ssl::stream_base::client);
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        at_server = co_await handshake(server, ssl::stream_base::server);
      },
      asio::detached);
  run_bounded(io);
  REQUIRE(at_client);
  CHECK(at_client.category() == asio::error::get_ssl_category());
  CHECK_THAT(at_client.message(), Catch::Contains("certificate verify failed"));
  CHECK(at_server);  // told by the client's alert
}
