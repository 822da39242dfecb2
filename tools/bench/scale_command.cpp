// `triad-bench scale`: how initial sync, incremental sync and local edits behave as the store
// grows. For each size N: a hub holding N observations; a new device's initial sync over TLS
// (device and hub each in their own process, so each peak RSS is its own); then one changed
// record synced, and local edits, against the N-record device store. Plain SQLite beside: the
// same N rows copied from one database to another, and the same local edits.
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "bench_commands.h"
#include "child_hub.h"
#include "inproc_link.h"
#include "measure.h"
#include "must.h"
#include "plain_postgres.h"
#include "plain_sqlite.h"
#include "scratch_database.h"
#include "triad/core/store.h"
#include "triad/hub/hub.h"
#include "triad/sync/transport.h"
#include "triad_w.h"
#include "workload_w.h"

namespace triad::bench {

namespace {

constexpr size_t kChunk = 10'000;  // observations generated and committed at a time while seeding
constexpr int kRepeats = 5;        // incremental syncs and edit rounds; the median is reported
constexpr int kEditsPerRound = 100;

core::FieldEdits observation_edits(const Observation& o) {
  core::FieldEdits edits{{"observed_teacher", core::FieldEdit::Op::kAssign, person_id_text(0, 0)},
                         {"focus", core::FieldEdit::Op::kAssign, o.focus},
                         {"notes", core::FieldEdit::Op::kAssign, o.notes}};
  for (const std::string& tag : o.tags) edits.push_back({"tags", core::FieldEdit::Op::kAdd, tag});
  return edits;
}

struct SizeFigures {
  size_t records = 0;
  size_t devices = 0;  // enrolled on the hub
  double seed_s = 0;
  double initial_sync_s = 0, initial_plain_s = 0;
  double initial_plain_postgres_s = 0;  // with --postgres: the plain rows read from PostgreSQL
  double hub_rss_mib = 0, device_rss_mib = 0;
  uint64_t initial_bytes = 0;
  double incremental_ms = 0;
  double edit_us = 0, edit_plain_us = 0;
  uint64_t hub_store_bytes = 0;
};

// The initial sync of a new device, in a child process: returns (seconds, bytes, peak RSS MiB).
std::tuple<double, uint64_t, double> initial_sync_in_child(const std::string& device_db,
                                                           const std::string& token,
                                                           const std::string& address,
                                                           const std::string& cert) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe() failed");
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    struct {
      double seconds;
      uint64_t bytes;
    } out{-1, 0};
    auto store = core::Store::open(device_db);
    if (store) {
      sync::ClientOptions co;
      co.token = token;
      Stopwatch w;
      auto report = sync::sync_with_hub(
          **store, {address, cert, false, std::chrono::milliseconds(120'000)}, co);
      if (report)
        out = {w.ms() / 1000, report->bytes_sent + report->bytes_received};
      else
        fmt::print(stderr, "initial sync: {}\n", report.status().message());
    }
    (void)!write(fds[1], &out, sizeof out);
    std::_Exit(out.seconds < 0 ? 1 : 0);
  }
  close(fds[1]);
  struct {
    double seconds;
    uint64_t bytes;
  } got{-1, 0};
  (void)!read(fds[0], &got, sizeof got);
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (got.seconds < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the initial sync failed");
  return {got.seconds, got.bytes, static_cast<double>(usage.ru_maxrss) / 1024.0};
}

SizeFigures measure_size(size_t n, size_t enrolled, const std::string& postgres,
                         const std::string& parent_dir) {
  SizeFigures f;
  f.records = n;
  f.devices = std::max<size_t>(enrolled, 2);
  const std::string dir = make_work_dir(parent_dir, "triad-bench-scale");
  std::optional<ScratchDatabase> database;
  if (!postgres.empty()) database.emplace(postgres, "triad_bench_scale");
  const std::string hub_path = database ? database->location() : dir + "/hub.db";
  std::string seeder_token, device_token;
  {
    auto hub = must(sync::Hub::init(hub_path, "The Mead"), "hub init");
    seeder_token =
        must(hub->enrol(school_name(0), author_name(0, 0), core::DeviceRole::kDevice), "enrol")
            .token;
    device_token =
        must(hub->enrol(school_name(1), author_name(1, 0), core::DeviceRole::kDevice), "enrol")
            .token;
    // The rest of the alliance's devices: a person and a device record each on the hub.
    if (f.devices > 2) fmt::print(stderr, "  enrolling {} more devices ...\n", f.devices - 2);
    for (size_t i = 2; i < f.devices; ++i)
      must(hub->enrol(school_name(static_cast<int>(i % kSchools)), fmt::format("Teacher {:05}", i),
                      core::DeviceRole::kDevice),
           "enrol");
  }
  // Seeding (not a measured figure): one school records N alliance observations and pushes them.
  {
    fmt::print(stderr, "  seeding a hub with {} observations ...\n", n);
    Stopwatch w;
    core::StoreOptions fast;
    fast.synchronous_full = false;
    auto seeder = must(
        core::Store::create(dir + "/seeder.db", school_name(0), author_name(0, 0), fast), "seeder");
    auto hub = must(sync::Hub::open(hub_path, fast), "hub");
    LinkBytes ignored;
    for (size_t done = 0; done < n; done += kChunk) {
      const Workload chunk = generate_workload(std::min(kChunk, n - done), 42 + done, 1);
      must(seeder->in_one_transaction([&] {
        for (const Observation& o : chunk.schools[0].created)
          TRIAD_RETURN_IF_ERROR(
              seeder->create_record("observation", observation_edits(o), core::Scope::kAlliance)
                  .status());
        return core::Status::ok();
      }),
           "seed");
      sync::ClientOptions co;
      co.token = seeder_token;
      must(sync_inproc(*seeder, *hub, co, ignored, false), "push the seed");
    }
    f.seed_s = w.ms() / 1000;
  }
  f.hub_store_bytes = database ? database->bytes() : store_bytes(hub_path);

  // Initial sync of a new device, hub and device each in a process of its own.
  const std::string cert = must(make_loopback_certificate(dir), "certificate");
  const std::string device_db = dir + "/device.db";
  must(core::Store::create(device_db, school_name(1), author_name(1, 0)).status(), "device store");
  ChildHub hub = must(ChildHub::start(hub_path, cert), "start the hub");
  fmt::print(stderr, "  initial sync of a new device ...\n");
  std::tie(f.initial_sync_s, f.initial_bytes, f.device_rss_mib) =
      initial_sync_in_child(device_db, device_token, hub.address(), cert);

  // One changed record, synced; and local edits, on the N-record device store.
  auto device = must(core::Store::open(device_db), "device store");
  std::vector<double> syncs, edits;
  const Workload edit_data = generate_workload(kEditsPerRound * kRepeats, 7, 1);
  sync::ClientOptions co;
  co.token = device_token;
  const sync::HubAddress address{hub.address(), cert, false, std::chrono::milliseconds(60'000)};
  for (int i = 0; i < kRepeats; ++i) {
    Stopwatch e;
    for (int k = 0; k < kEditsPerRound; ++k)
      must(device
               ->create_record(
                   "observation",
                   observation_edits(edit_data.schools[0].created[i * kEditsPerRound + k]),
                   core::Scope::kAlliance)
               .status(),
           "local edit");
    edits.push_back(e.ms() * 1000 / kEditsPerRound);
    must(sync::sync_with_hub(*device, address, co), "sync the edits");  // not measured
    must(device->update_record(device->identity().person,
                               {{"roles", core::FieldEdit::Op::kAdd, i % 2 ? "coach" : "teacher"}}),
         "edit");
    Stopwatch w;
    auto report = must(sync::sync_with_hub(*device, address, co), "incremental sync");
    syncs.push_back(w.ms());
    if (report.pushed != 1)
      throw std::runtime_error(
          fmt::format("incremental sync pushed {} records, not 1", report.pushed));
  }
  f.incremental_ms = median(syncs);
  f.edit_us = median(edits);
  f.hub_rss_mib = must(hub.stop(), "stop the hub");
  device.reset();

  // Plain SQLite: the same N rows copied into an empty database; the same local inserts.
  {
    PlainReplica source(dir + "/plain-source.db"), target(dir + "/plain-target.db");
    for (size_t done = 0; done < n; done += kChunk) {
      const Workload chunk = generate_workload(std::min(kChunk, n - done), 42 + done, 1);
      source.begin();
      for (const Action& a : chunk.schools[0].actions)
        if (a.kind == Action::Kind::kCreate)
          source.act(chunk.schools[0], static_cast<int>(done / kChunk) % 200, a);
      source.commit();
    }
    Stopwatch w;
    target.copy_missing_from(source, 500);
    f.initial_plain_s = w.ms() / 1000;
    std::vector<double> plain_edits;
    for (int i = 0; i < kRepeats; ++i) {
      Stopwatch e;
      for (int k = 0; k < kEditsPerRound; ++k) {
        target.begin();
        target.act(edit_data.schools[0], 201, edit_data.schools[0].actions[i * kEditsPerRound + k]);
        target.commit();
      }
      plain_edits.push_back(e.ms() * 1000 / kEditsPerRound);
    }
    f.edit_plain_us = median(plain_edits);
    if (!postgres.empty()) {  // the same copy, reading the rows from plain PostgreSQL tables
      ScratchDatabase plain_database(postgres, "triad_bench_plain");
      PlainPostgres plain(plain_database.location());
      plain.load_from(source);
      PlainReplica from_postgres(dir + "/plain-from-postgres.db");
      Stopwatch p;
      if (plain.copy_into(from_postgres, 500) == 0)
        throw std::runtime_error("plain PostgreSQL copied nothing");
      f.initial_plain_postgres_s = p.ms() / 1000;
    }
  }
  std::filesystem::remove_all(dir);
  return f;
}

}  // namespace

int run_scale(const ScaleArgs& a) {
  std::vector<SizeFigures> all;
  for (size_t i = 0; i < a.sizes.size(); ++i) {
    const size_t devices = a.devices.empty() ? 2 : a.devices[std::min(i, a.devices.size() - 1)];
    if (!a.json) fmt::print(stderr, "size {}, {} devices:\n", a.sizes[i], devices);
    all.push_back(measure_size(a.sizes[i], devices, a.postgres, a.dir));
  }
  if (a.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const SizeFigures& f : all)
      j.push_back({{"store", a.postgres.empty() ? "SQLite" : "PostgreSQL"},
                   {"records", f.records},
                   {"devices", f.devices},
                   {"seed_s", f.seed_s},
                   {"initial_sync_s", f.initial_sync_s},
                   {"initial_plain_copy_s", f.initial_plain_s},
                   {"initial_plain_copy_from_postgres_s", f.initial_plain_postgres_s},
                   {"initial_sync_bytes", f.initial_bytes},
                   {"hub_peak_rss_mib", f.hub_rss_mib},
                   {"device_peak_rss_mib", f.device_rss_mib},
                   {"incremental_sync_ms", f.incremental_ms},
                   {"local_edit_us", f.edit_us},
                   {"local_edit_plain_us", f.edit_plain_us},
                   {"hub_store_bytes", f.hub_store_bytes}});
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  const bool on_postgres = !a.postgres.empty();
  std::vector<std::string> columns{"hub records", "devices", "initial sync s", "plain copy s",
                                   "ratio"};
  if (on_postgres) columns.insert(columns.end(), {"plain from PG s", "ratio"});
  columns.insert(columns.end(), {"hub RSS MiB", "device RSS MiB", "1-change sync ms",
                                 "local edit us", "plain edit us", "ratio"});
  Table t(columns);
  for (const SizeFigures& f : all) {
    std::vector<std::string> row{fmt::format("{}", f.records), fmt::format("{}", f.devices),
                                 fixed(f.initial_sync_s, 2), fixed(f.initial_plain_s, 2),
                                 fmt::format("{:.2f}x", f.initial_sync_s / f.initial_plain_s)};
    if (on_postgres)
      row.insert(row.end(),
                 {fixed(f.initial_plain_postgres_s, 2),
                  fmt::format("{:.2f}x", f.initial_sync_s / f.initial_plain_postgres_s)});
    row.insert(row.end(),
               {fixed(f.hub_rss_mib, 1), fixed(f.device_rss_mib, 1), fixed(f.incremental_ms, 1),
                fixed(f.edit_us, 0), fixed(f.edit_plain_us, 0),
                fmt::format("{:.2f}x", f.edit_us / f.edit_plain_us)});
    t.add(row);
  }
  fmt::print(
      "Scale: a new device's initial sync over TLS, then one changed record synced and local edits "
      "(median of {}), against a hub of N records on {}\n{}",
      kRepeats, a.postgres.empty() ? "SQLite" : "PostgreSQL", t.render());
  if (all.size() >= 2)
    fmt::print("incremental sync at {} records / at {} records: {:.2f}x\n", all.back().records,
               all.front().records, all.back().incremental_ms / all.front().incremental_ms);
  return 0;
}

}  // namespace triad::bench
