// `triad-bench hub-load`: N device sessions held open at once against one hub process over TLS
// on 127.0.0.1 (or against several hub processes sharing one PostgreSQL database, each device
// talking to one of them in turn), then each pushes a few changes and pulls what is new for it.
//
// The devices are a load generator, not N full clients: each speaks the protocol directly
// (Hello, Push, Pull, Ack, Bye) with records built here, from one io_context on one thread. Every
// device is enrolled with a token of its own; device i coaches device i^1, so each pull brings
// the partner's session. Sessions open in waves of --connect-parallel handshakes, wait at a gate
// until all are open (that count is "sessions held"), then exchange at once.
#include <fmt/format.h>
#include <sys/resource.h>

// clang-format off: Boost 1.74's Asio under C++20 needs std::exchange declared first
#include <utility>
// clang-format on
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <deque>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "bench_commands.h"
#include "child_hub.h"
#include "measure.h"
#include "plain_postgres.h"
#include "plain_sqlite.h"
#include "scratch_database.h"
#include "triad/hub/hub.h"
#include "triad/sync/codec.h"
#include "triad/sync/frame.h"
#include "triad/sync/session.h"

namespace triad::bench {

namespace {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;

constexpr int kLoadSchools = 25;

struct Device {
  std::string token;
  core::SiteId site = 0;
  core::RecordId school, person, partner;
};

struct Outcome {
  bool held = false;       // reached the gate with its session open
  bool ok = false;         // finished the exchange cleanly
  double open_ms = 0;      // connect, TLS handshake, Hello/Welcome
  double exchange_ms = 0;  // push, pull, bye
  size_t pulled = 0;
  double acked_ms = 0;  // since the gate opened, when the hub acknowledged the push
  std::string error;
};

// The coaching sessions a device records between syncs: registers only, stamped by its site.
v1::Envelope push_of(const Device& d, size_t changes, uint64_t now_ms) {
  v1::Envelope e;
  v1::Push* push = e.mutable_push();
  for (size_t i = 0; i < changes; ++i) {
    const core::Stamp stamp{core::make_hlc(now_ms, i), d.site};
    core::RecordState r;
    // Random bits from the site and the change number (splitmix64), so no two devices' ids collide.
    uint64_t z = d.site * 0x9e3779b97f4a7c15ull + i + 1;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    r.header = {core::RecordId::generate(now_ms, z ^ (z >> 31), d.site ^ (i << 48)),
                "coaching_session",
                {},
                d.school,
                d.person,
                stamp};
    r.scope = core::Scope::kParticipants;
    const auto reg = [&](const std::string& value) {
      core::FieldState f;
      f.versions.push_back({value, stamp, {}});
      return f;
    };
    r.fields["coach"] = reg(d.person.to_string());
    r.fields["coachee"] = reg(d.partner.to_string());
    r.fields["focus"] = reg("questioning");
    r.fields["date"] = reg("2026-11-23");
    sync::to_proto(r, *push->add_records());
  }
  push->set_batch_seq(changes);
  push->set_push_number(1);
  return e;
}

awaitable<void> send(TlsStream& s, const v1::Envelope& e) {
  const std::string frame = sync::encode_frame(e);
  co_await asio::async_write(s, asio::buffer(frame), use_awaitable);
}

awaitable<v1::Envelope> receive(TlsStream& s) {
  unsigned char header[sync::kFrameHeaderBytes];
  co_await asio::async_read(s, asio::buffer(header), use_awaitable);
  auto length = sync::decode_frame_length(header, sync::kDefaultMaxFrameBytes);
  if (!length) throw std::runtime_error(length.status().message());
  std::string body(*length, '\0');
  co_await asio::async_read(s, asio::buffer(body), use_awaitable);
  auto e = sync::decode_frame_body(body);
  if (!e) throw std::runtime_error(e.status().message());
  if (e->has_error()) throw std::runtime_error("hub error: " + e->error().message());
  co_return std::move(e.value());
}

struct Load {
  asio::io_context io{1};
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::vector<tcp::endpoint> hubs;  // device i talks to hubs[i % hubs.size()]
  asio::steady_timer gate{io,
                          asio::steady_timer::time_point::max()};  // opened when every session is
  size_t waiting_to_open = 0;  // sessions not yet held or failed
  size_t opening = 0;          // handshakes in flight
  size_t max_opening = 256;
  std::deque<std::function<void()>> queued;  // sessions waiting for a handshake slot
  uint64_t pull_after = 0;
  size_t changes = 2;
  std::function<void()> on_all_held;

  bool gate_open = false;
  Stopwatch since_gate;  // restarted when the gate opens

  void opened_or_failed() {
    if (--waiting_to_open == 0) {
      if (on_all_held) on_all_held();
      gate_open = true;
      since_gate = Stopwatch();
      gate.cancel();
    }
  }
  void slot_free() {
    --opening;
    if (!queued.empty()) {
      auto next = std::move(queued.front());
      queued.pop_front();
      next();
    }
  }
};

awaitable<void> run_device(Load& load, const Device& d, const tcp::endpoint& hub, Outcome& out) {
  TlsStream stream(load.io, load.tls);
  bool counted_open = false;
  try {
    Stopwatch open;
    co_await stream.next_layer().async_connect(hub, use_awaitable);
    stream.next_layer().set_option(tcp::no_delay(true));
    co_await stream.async_handshake(asio::ssl::stream_base::client, use_awaitable);
    v1::Envelope hello;
    sync::state_protocol(*hello.mutable_hello());
    hello.mutable_hello()->set_site_id(d.site);
    hello.mutable_hello()->set_device_token(d.token);
    hello.mutable_hello()->set_app_version("triad-bench hub-load");
    hello.mutable_hello()->set_name("load device");
    co_await send(stream, hello);
    const v1::Envelope welcome = co_await receive(stream);
    if (!welcome.has_welcome()) throw std::runtime_error("no Welcome");
    out.open_ms = open.ms();
    out.held = true;
    load.slot_free();
    counted_open = true;
    load.opened_or_failed();
    if (!load.gate_open) {  // the last session to open opens the gate for everyone
      boost::system::error_code ignored;
      co_await load.gate.async_wait(asio::redirect_error(use_awaitable, ignored));
    }

    Stopwatch exchange;
    co_await send(stream, push_of(d, load.changes, 1'795'000'000'000ull));
    const v1::Envelope ack = co_await receive(stream);
    if (!ack.has_ack() || ack.ack().refused_size() > 0)
      throw std::runtime_error(ack.has_ack() ? "refused: " + ack.ack().refused(0).message()
                                             : "no Ack");
    out.acked_ms = load.since_gate.ms();
    v1::Envelope pull;
    pull.mutable_pull()->set_after_seq(load.pull_after);
    co_await send(stream, pull);
    for (;;) {
      const v1::Envelope changes = co_await receive(stream);
      if (!changes.has_changes()) throw std::runtime_error("no Changes");
      out.pulled += changes.changes().records_size();
      v1::Envelope a;
      a.mutable_ack()->set_batch_seq(changes.changes().batch_seq());
      co_await send(stream, a);
      if (!changes.changes().more()) break;
    }
    v1::Envelope bye;
    bye.mutable_bye();
    co_await send(stream, bye);
    out.exchange_ms = exchange.ms();
    out.ok = true;
    boost::system::error_code ec;
    co_await stream.async_shutdown(asio::redirect_error(use_awaitable, ec));
  } catch (const std::exception& e) {
    out.error = e.what();
    if (!counted_open) load.slot_free(), load.opened_or_failed();
  }
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void raise_file_limit() {
  rlimit r{};
  getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = r.rlim_max;
  setrlimit(RLIMIT_NOFILE, &r);
}

}  // namespace

int run_hub_load(const HubLoadArgs& a) {
  raise_file_limit();  // before the hub's fork, so the hub has it too
  rlimit r{};
  getrlimit(RLIMIT_NOFILE, &r);
  if (r.rlim_cur < a.sessions + 64)
    throw std::runtime_error(
        fmt::format("{} sessions need {} file descriptors; this process may have {} (ulimit -Hn)",
                    a.sessions, a.sessions + 64, r.rlim_cur));
  const std::string dir = make_work_dir(a.dir, "triad-bench-hub-load");
  std::optional<ScratchDatabase> database;
  if (!a.postgres.empty()) database.emplace(a.postgres, "triad_bench_hub_load");
  const std::string hub_store = database ? database->location() : dir + "/hub.db";
  std::vector<Device> devices(a.sessions);
  uint64_t pull_after = 0;
  {
    if (!a.json) fmt::print(stderr, "enrolling {} devices ...\n", a.sessions);
    core::StoreOptions fast;
    fast.synchronous_full = false;
    auto hub = sync::Hub::init(hub_store, "The Mead", fast);
    if (!hub) throw std::runtime_error(hub.status().message());
    for (size_t i = 0; i < a.sessions; ++i) {
      const std::string school = fmt::format("Load school {:02}", i % kLoadSchools);
      const std::string person = fmt::format("Load teacher {:05}", i);
      auto e = (*hub)->enrol(school, person, core::DeviceRole::kDevice);
      if (!e) throw std::runtime_error(e.status().message());
      devices[i] = {e->token, 0x10000 + i, e->device.school, e->device.person, {}};
    }
    for (size_t i = 0; i < a.sessions; ++i)
      devices[i].partner = devices[(i ^ 1) < a.sessions ? (i ^ 1) : i].person;
    pull_after = (*hub)->store().status()->last_seq;  // every device synced the roster before
  }
  auto cert = make_loopback_certificate(dir);
  if (!cert) throw std::runtime_error(cert.status().message());
  std::vector<ChildHub> children;
  for (size_t h = 0; h < a.hubs; ++h) {
    auto child = ChildHub::start(hub_store, *cert);
    if (!child) throw std::runtime_error(child.status().message());
    children.push_back(std::move(child.value()));
  }

  Load load;
  load.tls.load_verify_file(*cert);
  load.tls.set_verify_mode(asio::ssl::verify_peer);
  for (const ChildHub& child : children)
    load.hubs.emplace_back(asio::ip::make_address("127.0.0.1"),
                           static_cast<uint16_t>(std::stoi(child.address().substr(10))));
  load.waiting_to_open = a.sessions;
  load.max_opening = a.connect_parallel;
  load.pull_after = pull_after;
  load.changes = a.changes;
  std::vector<double> rss_held(children.size());
  load.on_all_held = [&] {
    for (size_t h = 0; h < children.size(); ++h) rss_held[h] = children[h].rss_mib();
  };
  std::vector<Outcome> outcomes(a.sessions);
  if (!a.json) fmt::print(stderr, "opening {} sessions ...\n", a.sessions);
  Stopwatch total;
  for (size_t i = 0; i < a.sessions; ++i) {
    auto start = [&load, &devices, &outcomes, i] {
      ++load.opening;
      asio::co_spawn(load.io,
                     run_device(load, devices[i], load.hubs[i % load.hubs.size()], outcomes[i]),
                     asio::detached);
    };
    if (load.opening < load.max_opening)
      start();
    else
      load.queued.push_back(start);
  }
  load.io.run();
  const double total_ms = total.ms();
  // The largest process's figures: the goal is per hub process.
  double hub_rss_held = 0, hub_peak_rss = 0;
  bool hubs_ended_well = true;
  for (ChildHub& child : children) {
    auto peak = child.stop();
    hubs_ended_well = hubs_ended_well && peak.is_ok();
    if (peak) hub_peak_rss = std::max(hub_peak_rss, *peak);
  }
  for (double r : rss_held) hub_rss_held = std::max(hub_rss_held, r);

  std::vector<double> open_ms, exchange_ms;
  size_t held = 0, ok = 0, pulled = 0;
  double last_ack_ms = 0;  // every push accepted by then
  std::map<std::string, size_t> errors;
  for (const Outcome& o : outcomes) {
    held += o.held;
    ok += o.ok;
    pulled += o.pulled;
    last_ack_ms = std::max(last_ack_ms, o.acked_ms);
    if (o.held) open_ms.push_back(o.open_ms);
    if (o.ok) exchange_ms.push_back(o.exchange_ms);
    if (!o.error.empty()) ++errors[o.error];
  }
  const size_t failed = a.sessions - ok;
  const double accepted_per_s =
      last_ack_ms > 0 ? static_cast<double>(ok * a.changes) / (last_ack_ms / 1000) : 0;
  // The physical reference: the same rows, one durable transaction per device's push, from as
  // many connections as there are hub processes.
  if (!a.json)
    fmt::print(stderr, "plain {} inserting the same rows ...\n",
               database ? "PostgreSQL" : "SQLite");
  double plain_per_s = 0;
  if (database) {
    ScratchDatabase plain(a.postgres, "triad_bench_plain");
    plain_per_s = PlainPostgres::insert_rate(plain.location(), a.sessions, a.changes, a.hubs);
  } else {
    plain_per_s = plain_sqlite_insert_rate(dir + "/plain.db", a.sessions, a.changes);
  }
  std::filesystem::remove_all(dir);
  const std::string store_kind = database ? "PostgreSQL" : "SQLite";
  if (a.json) {
    nlohmann::json j{{"store", store_kind},
                     {"hub_processes", a.hubs},
                     {"sessions", a.sessions},
                     {"changes_each", a.changes},
                     {"held_at_once", held},
                     {"completed", ok},
                     {"errors", failed},
                     {"error_kinds", errors},
                     {"open_ms_p50", percentile(open_ms, 0.5)},
                     {"open_ms_p99", percentile(open_ms, 0.99)},
                     {"exchange_ms_p50", percentile(exchange_ms, 0.5)},
                     {"exchange_ms_p99", percentile(exchange_ms, 0.99)},
                     {"records_pulled", pulled},
                     {"records_accepted_per_s", accepted_per_s},
                     {"plain_rows_inserted_per_s", plain_per_s},
                     {"total_s", total_ms / 1000},
                     {"hub_rss_held_mib", hub_rss_held},
                     {"hub_peak_rss_mib", hubs_ended_well ? hub_peak_rss : -1.0}};
    fmt::print("{}\n", j.dump(2));
  } else {
    Table t({"hub load over TLS", "value"});
    t.add({"hub store / processes", fmt::format("{} / {}", store_kind, a.hubs)});
    t.add({"sessions", fmt::format("{}", a.sessions)});
    t.add({"held open at once", fmt::format("{}", held)});
    t.add({"completed / errors", fmt::format("{} / {}", ok, failed)});
    t.add({"open (connect, TLS, Hello) p50 / p99 ms",
           fmt::format("{:.1f} / {:.1f}", percentile(open_ms, 0.5), percentile(open_ms, 0.99))});
    t.add({"exchange (push, pull, bye) p50 / p99 ms",
           fmt::format("{:.1f} / {:.1f}", percentile(exchange_ms, 0.5),
                       percentile(exchange_ms, 0.99))});
    t.add({"records pushed / pulled", fmt::format("{} / {}", a.sessions * a.changes, pulled)});
    t.add({"records accepted per s (until the last push's Ack)", fixed(accepted_per_s, 0)});
    t.add({fmt::format("plain {}: rows inserted per s, a transaction per push",
                       database ? "PostgreSQL" : "SQLite"),
           fixed(plain_per_s, 0)});
    t.add({"wall time, s", fixed(total_ms / 1000, 1)});
    t.add({"hub RSS with all sessions open, MiB (largest process)", fixed(hub_rss_held, 1)});
    t.add({"hub peak RSS, MiB (largest process)",
           hubs_ended_well ? fixed(hub_peak_rss, 1) : "a hub ended badly"});
    fmt::print("{}", t.render());
    for (const auto& [what, count] : errors) fmt::print("error x{}: {}\n", count, what);
  }
  return failed == 0 && hubs_ended_well ? 0 : 5;
}

}  // namespace triad::bench
