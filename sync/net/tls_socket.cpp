#include "triad/net/tls_socket.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

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

// OpenSSL's own socket BIO writes with write(), which raises SIGPIPE when the peer has gone and
// ends a process that does not ignore it; this one sends with MSG_NOSIGNAL, as Asio does. It
// reads and writes the descriptor the socket holds at the time (none once closed: EBADF).
tcp::socket& socket_of(BIO* bio) { return *static_cast<tcp::socket*>(BIO_get_data(bio)); }

int after_system_call(BIO* bio, ssize_t result, bool reading) {
  BIO_clear_retry_flags(bio);
  if (reading && result == 0) BIO_set_flags(bio, BIO_FLAGS_IN_EOF);  // the peer closed
  if (result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    if (reading)
      BIO_set_retry_read(bio);
    else
      BIO_set_retry_write(bio);
  }
  return static_cast<int>(result);
}

int socket_read(BIO* bio, char* data, int size) {
  ssize_t n;
  do n = ::recv(socket_of(bio).native_handle(), data, static_cast<size_t>(size), 0);
  while (n < 0 && errno == EINTR);
  return after_system_call(bio, n, true);
}

int socket_write(BIO* bio, const char* data, int size) {
  ssize_t n;
  do n = ::send(socket_of(bio).native_handle(), data, static_cast<size_t>(size), MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return after_system_call(bio, n, false);
}

long socket_control(BIO* bio, int command, long, void*) {
  if (command == BIO_CTRL_FLUSH) return 1;  // nothing is buffered here
  if (command == BIO_CTRL_EOF) return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0;
  return 0;  // nothing else is offered (kernel TLS, peeking, timeouts)
}

const BIO_METHOD* socket_method() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "triad socket");
    if (m == nullptr || BIO_meth_set_read(m, socket_read) != 1 ||
        BIO_meth_set_write(m, socket_write) != 1 || BIO_meth_set_ctrl(m, socket_control) != 1)
      throw std::bad_alloc();
    return m;
  }();
  return method;
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
  BIO* bio = BIO_new(socket_method());
  if (bio == nullptr) {
    SSL_free(ssl_);
    throw std::bad_alloc();
  }
  BIO_set_data(bio, &socket_);
  BIO_set_init(bio, 1);
  SSL_set_bio(ssl_, bio, bio);  // the SSL owns it
}

TlsSocket::~TlsSocket() { SSL_free(ssl_); }  // the BIO goes with it; the socket closes itself

void TlsSocket::take_role(asio::ssl::stream_base::handshake_type role) {
  if (role == asio::ssl::stream_base::client)
    SSL_set_connect_state(ssl_);
  else
    SSL_set_accept_state(ssl_);
}

// OpenSSL reports a call's errors in this thread's error queue and in errno: both start clear.
// A socket closed (by a Deadline) ends the operation before OpenSSL records a failure of its own.
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
