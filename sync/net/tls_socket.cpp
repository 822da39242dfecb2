#include "triad/net/tls_socket.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <new>

namespace triad::net {

namespace {

using boost::system::error_code;

// A failed call's error, as asio::ssl::stream reports it.
error_code ssl_error(unsigned long queued) {
  if (ERR_GET_LIB(queued) == ERR_LIB_SSL &&
      ERR_GET_REASON(queued) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
    return asio::ssl::error::stream_truncated;
  return error_code(static_cast<int>(queued), asio::error::get_ssl_category());
}

}  // namespace

TlsSocket::TlsSocket(tcp::socket socket, asio::ssl::context& context)
    : socket_(std::move(socket)), ssl_(SSL_new(context.native_handle())) {
  if (ssl_ == nullptr) throw std::bad_alloc();
  // Buffers are given back whenever they are empty; a write may end after one record, and may be
  // retried from a buffer that moved (asio::async_write's does not, but an Asio stream may).
  SSL_set_mode(ssl_, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                         SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // Each read from the socket takes all it holds, up to a record or more, rather than a record's
  // header and then its body: a system call fewer per record.
  SSL_set_read_ahead(ssl_, 1);
  error_code ignored;
  socket_.non_blocking(true, ignored);  // OpenSSL's reads and writes must not block the thread
  if (SSL_set_fd(ssl_, static_cast<int>(socket_.native_handle())) != 1) {
    SSL_free(ssl_);
    throw std::bad_alloc();
  }
}

TlsSocket::~TlsSocket() { SSL_free(ssl_); }  // the socket BIO does not close the descriptor

void TlsSocket::take_role(asio::ssl::stream_base::handshake_type role) {
  if (role == asio::ssl::stream_base::client)
    SSL_set_connect_state(ssl_);
  else
    SSL_set_accept_state(ssl_);
}

// OpenSSL reports a call's errors in this thread's error queue and in errno: both start clear.
// A socket closed (by a Deadline) gave its descriptor back, perhaps to another connection since.
bool TlsSocket::ready_to_call() {
  ERR_clear_error();
  errno = 0;
  return socket_.is_open();
}

TlsSocket::Attempt TlsSocket::try_handshake() {
  if (!ready_to_call()) return Attempt::done(asio::error::bad_descriptor);
  const int result = SSL_do_handshake(ssl_);
  if (result == 1) return Attempt::done();
  return after_call(result);
}

TlsSocket::Attempt TlsSocket::try_read(void* data, size_t size) {
  if (size == 0) return Attempt::done();
  if (!ready_to_call()) return Attempt::done(asio::error::bad_descriptor);
  size_t read = 0;
  const int result = SSL_read_ex(ssl_, data, size, &read);
  if (result == 1) return Attempt::done({}, read);
  return after_call(result);
}

TlsSocket::Attempt TlsSocket::try_write(const void* data, size_t size) {
  if (size == 0) return Attempt::done();
  if (!ready_to_call()) return Attempt::done(asio::error::bad_descriptor);
  size_t written = 0;
  const int result = SSL_write_ex(ssl_, data, size, &written);
  if (result == 1) return Attempt::done({}, written);
  return after_call(result);
}

TlsSocket::Attempt TlsSocket::try_shutdown() {
  if (!ready_to_call()) return Attempt::done(asio::error::bad_descriptor);
  int result = SSL_shutdown(ssl_);
  if (result == 0) {  // our close_notify is sent: now wait for the peer's
    ready_to_call();
    result = SSL_shutdown(ssl_);
  }
  if (result == 1) return Attempt::done();
  return after_call(result);
}

TlsSocket::Attempt TlsSocket::after_call(int result) {
  const int system_error = errno;
  const int kind = SSL_get_error(ssl_, result);
  const unsigned long queued = ERR_get_error();
  switch (kind) {
    case SSL_ERROR_WANT_READ:
      return Attempt::wait(Attempt::Next::kWaitReadable);
    case SSL_ERROR_WANT_WRITE:
      return Attempt::wait(Attempt::Next::kWaitWritable);
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify
      return Attempt::done(asio::error::eof);
    case SSL_ERROR_SYSCALL:
      if (queued != 0) return Attempt::done(ssl_error(queued));
      if (system_error == 0) return Attempt::done(asio::ssl::error::stream_truncated);
      return Attempt::done(error_code(system_error, boost::system::system_category()));
    default:  // SSL_ERROR_SSL, or one this stream never asks for (X509 lookup, async jobs)
      return Attempt::done(queued != 0 ? ssl_error(queued)
                                       : error_code(asio::ssl::error::unspecified_system_error));
  }
}

}  // namespace triad::net
