// A TLS connection over a TCP socket that keeps no buffers of its own, for a server holding
// thousands of mostly idle connections (the hub's sync port). OpenSSL reads and writes the socket
// itself (through a BIO that calls recv and send on it, the socket non-blocking), and the stream
// waits for the socket to become readable or writable when OpenSSL asks (async_wait). With
// SSL_MODE_RELEASE_BUFFERS an idle connection costs OpenSSL's state for it (about 14 KiB at a
// server), where asio::ssl::stream keeps four 17 KiB buffers per connection whatever it does (two
// of its own and a BIO pair's two). BENCHMARKS.md "hub-load" has the figures.
//
// An Asio AsyncReadStream and AsyncWriteStream: asio::async_read, asio::async_write and the frame
// I/O of triad/sync/detail/frame_io.h work on it, with any completion token. Its errors are
// asio::ssl::stream's: asio::error::eof when the peer ended TLS politely (close_notify),
// asio::ssl::error::stream_truncated when it closed the connection without, OpenSSL's errors in
// asio's ssl category, the socket's in the system category (broken_pipe, never a SIGPIPE), and
// operation_aborted when the socket was cancelled or closed (by a Deadline, deadline.h) while the
// operation waited; bad_descriptor for an operation begun once it was closed.
//
// Not thread-safe: use it from the socket's one I/O thread (a single-threaded io_context). At most
// one read and one write in flight, as with asio::ssl::stream. Not movable: deadlines and
// OpenConnections hold the address of its socket, and OpenSSL's BIO that of the socket.
#pragma once

#include <optional>

#include "triad/net/asio.h"

typedef struct ssl_st SSL;  // OpenSSL's, as <openssl/ssl.h> declares it

namespace triad::net {

class TlsSocket {
 public:
  using executor_type = tcp::socket::executor_type;
  using next_layer_type = tcp::socket;

  // A connection over `socket` (connected, or about to be) with `context`'s settings. Throws
  // std::bad_alloc if OpenSSL cannot allocate its state, as asio::ssl::stream does.
  TlsSocket(tcp::socket socket, asio::ssl::context& context);
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;
  ~TlsSocket();

  executor_type get_executor() { return socket_.get_executor(); }
  tcp::socket& next_layer() { return socket_; }
  SSL* native_handle() { return ssl_; }

  // The TLS handshake, as the client or the server. Completion: void(error_code).
  template <class Token>
  auto async_handshake(asio::ssl::stream_base::handshake_type role, Token&& token) {
    take_role(role);
    return start<false>([](TlsSocket& s) { return s.try_handshake(); }, std::forward<Token>(token));
  }

  // Reads at least one byte into the first non-empty buffer of `buffers` (none if all are
  // empty). Completion: void(error_code, size_t).
  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    const asio::mutable_buffer b = first_of<asio::mutable_buffer>(buffers);
    return start<true>([b](TlsSocket& s) { return s.try_read(b.data(), b.size()); },
                       std::forward<Token>(token));
  }

  // Writes part of the first non-empty buffer of `buffers`, at least one byte: a TLS record of up
  // to 16 KiB, or two when one had to wait for the socket. Completion: void(error_code, size_t).
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    const asio::const_buffer b = first_of<asio::const_buffer>(buffers);
    return start<true>([b](TlsSocket& s) { return s.try_write(b.data(), b.size()); },
                       std::forward<Token>(token));
  }

  // Sends close_notify and waits for the peer's. Completion: void(error_code).
  template <class Token>
  auto async_shutdown(Token&& token) {
    return start<false>([](TlsSocket& s) { return s.try_shutdown(); }, std::forward<Token>(token));
  }

 private:
  // What one OpenSSL call came to: done (with an error or bytes moved), or to be called again
  // once the socket is readable or writable.
  struct Attempt {
    enum class Next { kDone, kWaitReadable, kWaitWritable } next = Next::kDone;
    boost::system::error_code error;
    size_t bytes = 0;

    static Attempt done(boost::system::error_code error = {}, size_t bytes = 0) {
      return Attempt{Next::kDone, error, bytes};
    }
    static Attempt wait(Next until) { return Attempt{until, {}, 0}; }
  };

  template <class Try, bool kWithBytes>
  struct Operation;

  void take_role(asio::ssl::stream_base::handshake_type role);
  bool ready_to_call();  // false when the socket is closed
  Attempt try_handshake();
  Attempt try_read(void* data, size_t size);
  Attempt try_write(const void* data, size_t size);
  Attempt try_shutdown();
  Attempt after_call(int result);  // classifies a call that returned `result`, not success

  template <class Buffer, class Buffers>
  static Buffer first_of(const Buffers& buffers) {
    for (auto i = asio::buffer_sequence_begin(buffers); i != asio::buffer_sequence_end(buffers);
         ++i)
      if (Buffer b(*i); b.size() > 0) return b;
    return Buffer();
  }

  template <bool kWithBytes, class Try, class Token>
  auto start(Try attempt, Token&& token);

  tcp::socket socket_;
  SSL* ssl_;
};

// One OpenSSL call, made again each time the socket is ready as it asked, until it is done. An
// operation done at its first call completes later, as a continuation of its caller
// (asio::defer), never inside the initiating call.
template <class Try, bool kWithBytes>
struct TlsSocket::Operation {
  TlsSocket& tls;
  Try attempt;
  bool called_before = false;
  std::optional<Attempt> done;  // set when done at the first call, completed once deferred

  template <class Self>
  void operator()(Self& self, boost::system::error_code waited = {}) {
    if (!done) {
      Attempt a = waited ? Attempt::done(waited) : attempt(tls);
      const bool first = !called_before;
      called_before = true;
      if (a.next == Attempt::Next::kWaitReadable)
        return tls.socket_.async_wait(tcp::socket::wait_read, std::move(self));
      if (a.next == Attempt::Next::kWaitWritable)
        return tls.socket_.async_wait(tcp::socket::wait_write, std::move(self));
      done = a;
      if (first) return asio::defer(std::move(self));
    }
    if constexpr (kWithBytes)
      self.complete(done->error, done->bytes);
    else
      self.complete(done->error);
  }
};

template <bool kWithBytes, class Try, class Token>
auto TlsSocket::start(Try attempt, Token&& token) {
  using Signature = std::conditional_t<kWithBytes, void(boost::system::error_code, size_t),
                                       void(boost::system::error_code)>;
  return asio::async_compose<Token, Signature>(
      Operation<Try, kWithBytes>{*this, attempt, false, std::nullopt}, token, socket_);
}

}  // namespace triad::net
