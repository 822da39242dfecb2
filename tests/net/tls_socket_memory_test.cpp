// What an idle TLS connection costs a server in memory (triad/net/tls_socket.h): a hub holds
// one per device session, 10,000 at once in the hub-load benchmark. Measured as the heap bytes
// (glibc's mallinfo2) given back when the server ends of 64 connections close, each having shaken
// hands, read a message and answered it, as the hub does with a Hello. asio::ssl::stream holds
// four 17 KiB buffers per connection whatever it does, about 70 KiB; a TlsSocket gives OpenSSL's
// buffers back once they are empty.
#include <malloc.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <list>

#include "tls_loopback.h"
#include "triad/net/tls_socket.h"

using namespace triad;
using net::asio::awaitable;
using testing::run_bounded;
using testing::TcpPair;
using testing::TlsContexts;
namespace asio = net::asio;
namespace ssl = asio::ssl;

namespace {

constexpr size_t kConnections = 64;

// The client says hello and reads the answer; the server reads the hello and answers.
template <class Stream>
awaitable<void> greet(Stream& s, ssl::stream_base::handshake_type role) {
  char hello[5];
  co_await s.async_handshake(role, asio::use_awaitable);
  if (role == ssl::stream_base::client)
    co_await asio::async_write(s, asio::buffer("hello", 5), asio::use_awaitable);
  co_await asio::async_read(s, asio::buffer(hello), asio::use_awaitable);
  if (role == ssl::stream_base::server)
    co_await asio::async_write(s, asio::buffer("hello", 5), asio::use_awaitable);
}

// Heap bytes an idle server end of a `Stream` connection holds, averaged over kConnections.
template <class Stream>
size_t heap_bytes_per_idle_server_end() {
  asio::io_context io{1};
  TlsContexts contexts;
  std::list<Stream> clients, servers;
  for (size_t i = 0; i < kConnections; ++i) {
    TcpPair pair(io);
    Stream& client = clients.emplace_back(std::move(pair.client), contexts.client);
    Stream& server = servers.emplace_back(std::move(pair.server), contexts.server);
    asio::co_spawn(io, greet(client, ssl::stream_base::client), asio::detached);
    asio::co_spawn(io, greet(server, ssl::stream_base::server), asio::detached);
  }
  run_bounded(io);
  const size_t held = mallinfo2().uordblks;
  servers.clear();
  const size_t after = mallinfo2().uordblks;
  return held > after ? (held - after) / kConnections : 0;
}

}  // namespace

TEST_CASE("an idle TLS connection holds no read or write buffers at the server",
          "[net][tls][memory]") {
  const size_t bytes = heap_bytes_per_idle_server_end<net::TlsSocket>();
  std::printf("heap held by the server end of an idle TLS connection: %zu bytes\n", bytes);
  // OpenSSL's state for one end after a TLS 1.3 handshake; one empty 16 KiB buffer would show.
  CHECK(bytes > 0);
  CHECK(bytes < 16 * 1024);
}
