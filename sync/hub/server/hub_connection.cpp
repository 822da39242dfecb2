// One connection of the hub's server, from accept to close: admission (connection_limits.h), the
// TLS handshake and the Hello within the handshake deadline, then the session state machine frame
// by frame, its store work on the store thread (group_commit.h), its frames' bytes drawn from the
// hub's FrameBudget. TLS is a net::TlsSocket, which holds no buffers while the session waits for
// its device (tls_socket.h): what lets one hub hold 10,000 sessions. And its lines in the log: a
// session's start and end, with the client's address and what it pushed, pulled and had refused;
// connections that never became sessions only in summaries, at most one line per interval, so a
// flood cannot fill the log. And its figures for monitoring (hub_metrics.h): sessions, records
// pushed and pulled, refusals by reason, the time each exchange took. I/O thread only.
#include <cstdio>
#include <type_traits>

#include "hub_server_state.h"
#include "triad/sync/detail/frame_io.h"

namespace triad::sync::detail {

namespace {

using Clock = std::chrono::steady_clock;

// Until a client has said Hello with a valid token, its frames are small: an unauthenticated
// connection cannot make the hub hold megabytes.
constexpr uint32_t kMaxFrameBeforeHello = 64 * 1024;

// One connection's story, told in the log when it ends.
struct Connection {
  HubServer::Impl& s;
  std::string ip;    // the client's address: what the per-address limit counts
  std::string peer;  // "IP:port", the start of every line about this connection
  Clock::time_point accepted = Clock::now();
  Clock::time_point handshake_by;  // TLS done and Hello answered, or the connection is closed
  HubSession session;
  std::optional<net::Admission::Ticket> ticket;
  bool pushed_out = false;  // closed to make room for a newer connection
  bool started = false;     // welcomed as a session, and logged
  std::string app_version;
  uint32_t store_format = 0;  // as its Hello states it (before protocol 1.2: 3, whatever it was)
  std::string ended;          // how it ended

  Connection(HubServer::Impl& server, const tcp::endpoint& remote)
      : s(server),
        ip(remote.address().to_string()),
        peer(remote.address().is_v6() ? "[" + ip + "]:" + std::to_string(remote.port())
                                      : ip + ":" + std::to_string(remote.port())),
        handshake_by(accepted + server.options.handshake_timeout),
        session(server.hub, peer) {}

  void log(const std::string& line) const { s.hub.log(peer + " " + line); }
};

void note_admission(Connection& c, net::Admission::Outcome outcome) {
  if (outcome == net::Admission::Outcome::kAdmitted) return;
  if (outcome == net::Admission::Outcome::kRefusedAtAddressLimit)
    c.s.metrics.refused(HubMetrics::Refused::kConnection, HubMetrics::kAtAddressLimit);
  else if (outcome != net::Admission::Outcome::kAdmittedPushingOut)
    c.s.metrics.refused(HubMetrics::Refused::kConnection, HubMetrics::kAtConnectionLimit);
  const auto n = c.s.admission_log.count(Clock::now());
  if (!n) return;
  const net::Admission& a = c.s.admission;
  std::string what;
  switch (outcome) {
    case net::Admission::Outcome::kAdmittedPushingOut:
      what = "admitted by closing an older connection that had not finished TLS and Hello";
      break;
    case net::Admission::Outcome::kRefusedAtAddressLimit:
      what = "refused: its address holds " + std::to_string(a.max_per_address()) +
             " sessions, the limit per address (--max-per-address)";
      break;
    default:
      what = "refused: the hub holds " + std::to_string(a.max_connections()) +
             " sessions, its limit (--max-connections)";
  }
  c.log("connection " + what +
        (*n > 1 ? "; " + std::to_string(*n) + " connections at a limit since the last such line"
                : ""));
}

// A connection that ended before its session was welcomed: a summary line at most per interval.
void note_unfinished(Connection& c) {
  if (c.session.finished()) return;  // its Hello was refused, and the session said why
  const auto n = c.s.unfinished_log.count(Clock::now());
  if (!n) return;
  c.log("closed before finishing TLS and Hello (" + c.ended + ")" +
        (*n > 1 ? "; " + std::to_string(*n) + " such connections since the last such line" : ""));
}

void note_busy(Connection& c) {
  const auto n = c.s.busy_log.count(Clock::now());
  if (!n) return;
  c.log("told to sync later: the hub's " + std::to_string(c.s.budget.limit() >> 20) +
        " MiB for frames in flight (--max-buffered-mib) had no room in time" +
        (*n > 1 ? "; " + std::to_string(*n) + " sessions told so since the last such line" : ""));
}

void welcome(Connection& c) {
  c.started = true;
  c.ticket->established();
  ++c.s.served;
  c.s.metrics.session_started();
  c.log("session started: " + c.session.peer_name() +
        (c.app_version.empty() ? "" : ", " + c.app_version) + ", protocol " +
        std::to_string(kProtocolMajor) + "." + std::to_string(c.session.protocol().minor) +
        ", store format " + std::to_string(c.store_format));
}

void log_end(Connection& c) {
  if (!c.started) return note_unfinished(c);
  c.s.metrics.session_ended();
  const HubSessionTally& t = c.session.tally();
  const double seconds = std::chrono::duration<double>(Clock::now() - c.accepted).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.2f s", seconds);
  c.log("session ended: " + c.session.peer_name() + ": pushed " + std::to_string(t.pushed) +
        ", pulled " + std::to_string(t.pulled) + ", refused " + std::to_string(t.refused) + " in " +
        took + " (" + c.ended + ")");
}

std::string why_it_broke(const Connection& c, const boost::system::error_code& ec) {
  if (c.s.open.stopping()) return "the hub is shutting down";
  if (c.pushed_out) return "closed to make room for a newer connection";
  if (!c.started && Clock::now() >= c.handshake_by)
    return "no TLS and Hello within the handshake deadline";
  if (ec == asio::error::eof) return "the client closed the connection";
  if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor)
    return "no frame within the read timeout";
  return "the connection broke off: " + ec.message();
}

std::string why_it_broke(const Connection& c, const std::exception& e) {
  if (const auto* s = dynamic_cast<const boost::system::system_error*>(&e))
    return why_it_broke(c, s->code());
  return std::string("the connection broke off: ") + e.what();
}

// What the hub's answer refused, for the metrics: records of a push (by their refusal's code), or
// the whole session (an Error frame).
void count_refusals(HubMetrics& m, const v1::Envelope& sent) {
  if (sent.has_error()) m.refused(HubMetrics::Refused::kSession, sent.error().code());
  if (sent.has_ack())
    for (const v1::Refusal& r : sent.ack().refused())
      m.refused(HubMetrics::Refused::kRecord, r.code());
}

// Writes the hub's Error frame that ends the session, and counts it.
template <class Stream>
awaitable<void> send_error(Connection& c, Stream& stream, v1::ErrorCode code,
                           const std::string& message) {
  c.s.metrics.refused(HubMetrics::Refused::kSession, code);
  co_await write_frame(stream, error_envelope(code, message), c.s.options.read_timeout);
}

std::string how_it_ended(const v1::Envelope& last) {
  if (last.has_bye()) return "Bye";
  if (last.has_error()) return "ended by the device";
  return "ended by the hub";
}

template <class Stream>
awaitable<void> run_session(Connection& c, Stream& stream) {
  HubServer::Impl& s = c.s;
  HubSession& session = c.session;
  const auto timeout = s.options.read_timeout;
  for (;;) {
    FrameBudget::Lease lease(&s.budget);
    FrameReadLimits limits{
        session.authenticated() ? s.hub.limits().max_frame_bytes : kMaxFrameBeforeHello, timeout,
        std::nullopt};
    if (!session.authenticated()) limits.not_after = c.handshake_by;
    std::optional<core::Result<v1::Envelope>> frame;
    try {
      frame = co_await read_frame(stream, limits, lease);
    } catch (const boost::system::system_error&) {
      if (!s.open.stopping()) throw;  // the peer left or timed out
    }
    if (!frame) {  // reading was cancelled because the hub is stopping
      c.ended = "the hub is shutting down";
      co_await send_error(c, stream, v1::SHUTTING_DOWN,
                          "the hub is shutting down; sync again in a minute");
      co_return;
    }
    if (!*frame) {
      const core::Status& bad = frame->status();
      if (bad.code() == core::StatusCode::kUnavailable) {
        note_busy(c);
        c.ended = bad.message();
      } else {  // before Hello anyone can send one: then it is summed up with note_unfinished()
        c.ended = "a bad frame: " + bad.message();
        if (session.authenticated())
          c.log("bad frame from " + session.peer_name() + ": " + bad.message());
      }
      co_await send_error(c, stream, code_for_bad_frame(bad), bad.message());
      co_return;
    }
    const Clock::time_point read_at = Clock::now();
    const HubSessionTally before = session.tally();
    const v1::Envelope& in = frame->value();
    if (in.has_hello()) {
      c.app_version = in.hello().app_version();
      c.store_format = in.hello().schema_version();
    }
    std::optional<Frames> out = co_await s.group_commit.handle(session, in);
    lease.release();  // the frame has been handled
    if (!out) {
      c.ended = "the hub could not store its work";
      co_await send_error(c, stream, v1::INTERNAL,
                          "the hub could not store this session's work; sync again later");
      co_return;
    }
    s.metrics.records_pushed(session.tally().pushed - before.pushed);
    s.metrics.records_pulled(session.tally().pulled - before.pulled);
    for (const v1::Envelope& e : *out) {
      count_refusals(s.metrics, e);
      const bool written = co_await write_frame(stream, e, timeout, s.budget);
      if (!written) {
        note_busy(c);
        c.ended = "no room to send its reply in time";
        co_return;
      }
    }
    s.metrics.exchange_took(Clock::now() - read_at);
    if (session.authenticated() && !c.started) welcome(c);
    if (session.finished()) {
      c.ended = how_it_ended(in);
      co_return;
    }
  }
}

// The session over `stream` once the client has spoken: TLS (if any), the session, a polite close.
template <class Stream>
awaitable<void> serve_stream(Connection& c, Stream& stream) {
  if constexpr (std::is_same_v<Stream, net::TlsSocket>) {
    {
      Deadline d(stream.next_layer(), c.handshake_by - Clock::now());
      co_await stream.async_handshake(asio::ssl::stream_base::server, use_awaitable);
    }
    c.ticket->advance(net::Admission::Stage::kSecured);
    co_await run_session(c, stream);
    Deadline d(stream.next_layer(), std::chrono::milliseconds(2000));
    boost::system::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ignored));
  } else {
    co_await run_session(c, stream);
  }
}

// After its first bytes: TLS (if any) and the session; how it ended goes into c.ended. `socket`
// follows the connection's socket, for the admission to close it.
awaitable<void> serve_spoken(Connection& c, tcp::socket& accepted, tcp::socket*& socket) {
  c.ticket->advance(net::Admission::Stage::kSpoken);
  try {
    if (c.s.tls) {
      net::TlsSocket stream(std::move(accepted), *c.s.tls);
      socket = &stream.next_layer();
      struct PointBack {  // before the stream goes, however this block ends
        tcp::socket*& at;
        tcp::socket* moved_from;
        ~PointBack() { at = moved_from; }
      } point_back{socket, &accepted};
      net::OpenConnections::Held live(c.s.open,
                                      *socket);  // a shutdown cancels the socket where it is now
      co_await serve_stream(c, stream);
    } else {
      co_await serve_stream(c, accepted);
    }
  } catch (const std::exception& e) {
    if (c.ended.empty()) c.ended = why_it_broke(c, e);
  }
}

}  // namespace

// Admission first, then nothing is spent on a connection (no TLS state) until it sends a byte.
awaitable<void> serve_connection(HubServer::Impl& s, tcp::socket accepted) {
  boost::system::error_code ec;
  const tcp::endpoint remote = accepted.remote_endpoint(ec);
  if (ec) co_return;                             // the client gave up while queued
  accepted.set_option(tcp::no_delay(true), ec);  // frames are small and turn-taking: no Nagle delay
  Connection c(s, remote);
  tcp::socket* socket = &accepted;  // where the connection's socket is now (it moves into TLS)
  net::Admission::Admitted admitted = s.admission.admit(c.ip, [&c, &socket] {
    c.pushed_out = true;
    boost::system::error_code ignored;
    socket->close(ignored);
  });
  note_admission(c, admitted.outcome);
  if (!admitted.ticket) co_return;  // closed with `accepted`
  c.ticket.emplace(std::move(*admitted.ticket));
  net::OpenConnections::Held live(s.open, accepted);
  ec = co_await net::wait_first_bytes(accepted, c.handshake_by);
  if (ec)
    c.ended = why_it_broke(c, ec);
  else
    co_await serve_spoken(c, accepted, socket);
  c.ticket.reset();
  log_end(c);
}

}  // namespace triad::sync::detail
