// How a TlsSocket (triad/net/tls_socket.h) ends, over real TLS on 127.0.0.1: a peer that never
// finishes its handshake meets the deadline, a peer that hangs up mid-message is told apart from
// one that closes politely, a cancelled read leaves the connection usable (the hub's polite
// shutdown writes after it), a deadline that closed the socket keeps OpenSSL off the descriptor,
// and a writer faster than its reader waits for it.
#include <catch2/catch.hpp>
#include <chrono>

#include "tls_loopback.h"
#include "triad/net/deadline.h"
#include "triad/net/tls_socket.h"

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
using Clock = std::chrono::steady_clock;

namespace {

auto catching(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Two TlsSockets joined over 127.0.0.1, their handshake done, and the one byte the server sends
// first read by the client (so the client has taken in the server's session tickets too: a socket
// closed with unread bytes would reset the connection rather than end it).
struct Joined {
  asio::io_context io{1};
  TlsContexts contexts;
  TcpPair tcp_pair{io};
  TlsSocket client{std::move(tcp_pair.client), contexts.client};
  TlsSocket server{std::move(tcp_pair.server), contexts.server};

  Joined() {
    asio::co_spawn(
        io,
        [this]() -> awaitable<void> {
          co_await client.async_handshake(ssl::stream_base::client, asio::use_awaitable);
          char ready;
          co_await asio::async_read(client, asio::buffer(&ready, 1), asio::use_awaitable);
        },
        asio::detached);
    asio::co_spawn(
        io,
        [this]() -> awaitable<void> {
          co_await server.async_handshake(ssl::stream_base::server, asio::use_awaitable);
          co_await asio::async_write(server, asio::buffer("r", 1), asio::use_awaitable);
        },
        asio::detached);
    run_bounded(io);
  }
};

}  // namespace

TEST_CASE("a peer that never finishes its TLS handshake is cut off at the deadline", "[net][tls]") {
  asio::io_context io{1};
  TlsContexts contexts;
  TcpPair tcp_pair(io);
  const bool says_something = GENERATE(false, true);
  if (says_something) {  // the first 3 bytes of a ClientHello's record, then nothing
    const unsigned char start[] = {0x16, 0x03, 0x01};
    asio::write(tcp_pair.client, asio::buffer(start));
  }
  TlsSocket server(std::move(tcp_pair.server), contexts.server);
  error_code ec;
  const auto began = Clock::now();
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        net::Deadline d(server.next_layer(), 300ms);
        co_await server.async_handshake(ssl::stream_base::server, catching(ec));
      },
      asio::detached);
  run_bounded(io);
  const auto took = Clock::now() - began;
  CHECK(ec == asio::error::operation_aborted);
  CHECK_FALSE(server.next_layer().is_open());
  CHECK(took >= 300ms);
  CHECK(took < 10s);
}

TEST_CASE("a peer that hangs up mid-message is told apart from one that closes politely",
          "[net][tls]") {
  Joined j;
  const std::string message = pattern(100'000, 3);
  const bool politely = GENERATE(false, true);
  std::string got(message.size(), '\0');
  error_code read_error, shutdown_error = asio::error::would_block;
  size_t got_bytes = 0;
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        co_await asio::async_write(j.client, asio::buffer(message.data(), 40'000),
                                   asio::use_awaitable);
        if (politely) {
          error_code ignored;
          co_await j.client.async_shutdown(catching(ignored));
        }
        j.client.next_layer().close();
      },
      asio::detached);
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        got_bytes = co_await asio::async_read(j.server, asio::buffer(got), catching(read_error));
        if (politely) co_await j.server.async_shutdown(catching(shutdown_error));
      },
      asio::detached);
  run_bounded(j.io);
  CHECK(got_bytes == 40'000);
  CHECK(got.compare(0, 40'000, message, 0, 40'000) == 0);
  if (politely) {
    CHECK(read_error == asio::error::eof);
    CHECK_FALSE(shutdown_error);  // the client's close_notify came, and ours went
  } else {
    CHECK(read_error == ssl::error::stream_truncated);
  }
}

TEST_CASE("both ends of a TlsSocket connection close it politely", "[net][tls]") {
  Joined j;
  error_code client_done = asio::error::would_block, server_read, server_done = client_done;
  asio::co_spawn(
      j.io, [&]() -> awaitable<void> { co_await j.client.async_shutdown(catching(client_done)); },
      asio::detached);
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        char byte;
        co_await j.server.async_read_some(asio::buffer(&byte, 1), catching(server_read));
        co_await j.server.async_shutdown(catching(server_done));
      },
      asio::detached);
  run_bounded(j.io);
  CHECK(server_read == asio::error::eof);
  CHECK_FALSE(server_done);
  CHECK_FALSE(client_done);
}

TEST_CASE("a cancelled read leaves a TlsSocket able to write its goodbye", "[net][tls]") {
  Joined j;
  error_code read_error;
  std::string goodbye(16, '\0');
  asio::steady_timer later(j.io, 50ms);
  later.async_wait([&](error_code) { j.server.next_layer().cancel(); });  // the hub shutting down
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        char byte;
        co_await j.server.async_read_some(asio::buffer(&byte, 1), catching(read_error));
        co_await asio::async_write(j.server, asio::buffer("come back later."), asio::use_awaitable);
      },
      asio::detached);
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        co_await asio::async_read(j.client, asio::buffer(goodbye), asio::use_awaitable);
      },
      asio::detached);
  run_bounded(j.io);
  CHECK(read_error == asio::error::operation_aborted);
  CHECK(goodbye == "come back later.");
}

TEST_CASE("a deadline that closed a TlsSocket's socket keeps OpenSSL off the descriptor",
          "[net][tls]") {
  Joined j;
  error_code read_error, write_error, client_error;
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        char byte;
        {
          net::Deadline d(j.server.next_layer(), 100ms);
          co_await j.server.async_read_some(asio::buffer(&byte, 1), catching(read_error));
        }
        co_await j.server.async_write_some(asio::buffer("late", 4), catching(write_error));
      },
      asio::detached);
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        char byte;
        co_await j.client.async_read_some(asio::buffer(&byte, 1), catching(client_error));
      },
      asio::detached);
  run_bounded(j.io);
  CHECK(read_error == asio::error::operation_aborted);
  CHECK(write_error == asio::error::bad_descriptor);
  CHECK(client_error == ssl::error::stream_truncated);  // closed without a close_notify
}

TEST_CASE("a TlsSocket writing faster than its peer reads writes in parts and waits for it",
          "[net][tls]") {
  Joined j;
  // Fixed socket buffers (Linux would otherwise grow them to megabytes on loopback), large enough
  // for a full segment: with less, TCP itself stalls for its persist timer.
  j.client.next_layer().set_option(asio::socket_base::send_buffer_size(256 * 1024));
  j.server.next_layer().set_option(asio::socket_base::receive_buffer_size(256 * 1024));
  const std::string message = pattern(8 << 20, 4);
  std::string got(message.size(), '\0');
  size_t largest_write = 0, writes = 0;
  Clock::time_point written, reading_began;
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        for (size_t sent = 0; sent < message.size(); ++writes) {
          const size_t n = co_await j.client.async_write_some(
              asio::buffer(message.data() + sent, message.size() - sent), asio::use_awaitable);
          largest_write = std::max(largest_write, n);
          sent += n;
        }
        written = Clock::now();
      },
      asio::detached);
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        asio::steady_timer slow(j.io, 200ms);
        co_await slow.async_wait(asio::use_awaitable);
        reading_began = Clock::now();
        co_await asio::async_read(j.server, asio::buffer(got), asio::use_awaitable);
      },
      asio::detached);
  run_bounded(j.io);
  CHECK(got == message);
  CHECK(largest_write < message.size() / 8);  // each write ended when the socket was full
  CHECK(writes > 8);
  CHECK(written > reading_began);  // it could not all fit in the sockets' buffers
}

TEST_CASE("writing to a peer that has gone is an error, not a SIGPIPE that ends the process",
          "[net][tls]") {
  Joined j;
  j.client.next_layer().close();  // the peer's kernel answers what comes next with a reset
  error_code write_error;
  size_t writes = 0;
  asio::co_spawn(
      j.io,
      [&]() -> awaitable<void> {
        asio::steady_timer pause(j.io);
        while (!write_error && writes < 20) {
          pause.expires_after(20ms);
          co_await pause.async_wait(asio::use_awaitable);
          ++writes;
          co_await asio::async_write(j.server, asio::buffer("still there?", 12),
                                     catching(write_error));
        }
      },
      asio::detached);
  run_bounded(j.io);
  INFO("after " << writes << " writes: " << write_error.message());
  CHECK((write_error == asio::error::broken_pipe || write_error == asio::error::connection_reset));
}
