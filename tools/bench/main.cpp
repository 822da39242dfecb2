// triad-bench: how fast Triad does its job, beside plain SQLite doing the same work in the same
// run. See BENCHMARKS.md for the figures on this machine and how to read them.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "bench_commands.h"

int main(int argc, char** argv) {
  using namespace triad::bench;
  CLI::App app{
      "triad-bench: Triad's speed against plain SQLite on the same machine (see BENCHMARKS.md)"};
  app.require_subcommand(1);

  WArgs w;
  auto* wc = app.add_subcommand(
      "w",
      "workload W: 3 schools record, edit and delete observations offline, then sync with a hub");
  wc->add_option("--records", w.records, "observations each school creates (R)")
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  wc->add_option("--batch", w.batch, "user actions per transaction")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  wc->add_option("--seed", w.seed, "seed of the generated data")->capture_default_str();
  wc->add_option("--transport", w.transport,
                 "inproc (sessions joined in memory) or tls (a hub process on 127.0.0.1)")
      ->check(CLI::IsMember({"inproc", "tls"}))
      ->capture_default_str();
  wc->add_option("--dir", w.dir, "folder for the stores (default: the system temp folder)");
  wc->add_flag("--keep", w.keep, "keep the stores afterwards");
  wc->add_flag("--json", w.json, "print one JSON object instead of the table");

  ScaleArgs s;
  auto* sc = app.add_subcommand(
      "scale", "initial sync, incremental sync and local edits as the store grows");
  sc->add_option("--sizes", s.sizes, "hub store sizes in records")
      ->delimiter(',')
      ->capture_default_str();
  sc->add_option("--devices", s.devices,
                 "devices enrolled on the hub, one count per size (the last repeats)")
      ->delimiter(',')
      ->capture_default_str();
  sc->add_option(
      "--postgres", s.postgres,
      "keep the hub's store in a new database on this PostgreSQL server (libpq keywords, "
      "e.g. \"host=/tmp/pg user=postgres dbname=postgres\"); plain PostgreSQL is "
      "measured beside");
  sc->add_option("--dir", s.dir, "folder for the stores (default: the system temp folder)");
  sc->add_flag("--json", s.json, "print JSON instead of tables");

  HubLoadArgs h;
  auto* hc = app.add_subcommand("hub-load",
                                "N concurrent device sessions over TLS against one hub process");
  hc->add_option("--sessions", h.sessions, "concurrent device sessions")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  hc->add_option("--changes", h.changes, "records each device pushes")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  hc->add_option("--hubs", h.hubs, "hub processes sharing one store (2 or more need --postgres)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  hc->add_option(
      "--postgres", h.postgres,
      "keep the hub's store in a new database on this PostgreSQL server (libpq keywords, "
      "e.g. \"host=/tmp/pg user=postgres dbname=postgres\")");
  hc->add_option("--connect-parallel", h.connect_parallel,
                 "TLS handshakes in flight at once while sessions open")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  hc->add_option("--dir", h.dir, "folder for the hub store (default: the system temp folder)");
  hc->add_flag("--json", h.json, "print one JSON object instead of the table");

  FloodArgs f;
  auto* fc = app.add_subcommand(
      "flood", "a flood of connections beyond the hub's file limit while real devices sync");
  fc->add_option("--file-limit", f.file_limit, "the hub's RLIMIT_NOFILE")
      ->check(CLI::Range(64, 1'000'000))
      ->capture_default_str();
  fc->add_option("--idle", f.idle,
                 "idle connections to the sync port (default: twice the file limit)");
  fc->add_option("--idle-dashboard", f.idle_dashboard,
                 "idle connections to the dashboard (default: half the file limit)");
  fc->add_option("--declared", f.declared, "sessions holding a frame that declares 4 MiB")
      ->capture_default_str();
  fc->add_option("--devices", f.devices, "real devices syncing during the flood")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  fc->add_option("--seconds", f.seconds, "how long the flood lasts")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
  fc->add_option("--hub", f.hub, "the triad-hub binary (another build's, to compare)")
      ->capture_default_str();
  fc->add_option("--max-cpu-share", f.max_cpu_share, "check: hub CPU per second of flood")
      ->capture_default_str();
  fc->add_option("--max-log-lines", f.max_log_lines, "check: hub log lines other than sessions'")
      ->capture_default_str();
  fc->add_option("--max-rss-mib", f.max_rss_mib, "check: the hub's peak RSS")
      ->capture_default_str();
  fc->add_option("--dir", f.dir, "folder for the stores (default: the system temp folder)");
  fc->add_flag("--json", f.json, "print one JSON object instead of the table");

  TextArgs x;
  auto* xc = app.add_subcommand(
      "text",
      "the merging text kind on real editing traces: local edits, loading, concurrent merges");
  xc->add_option("--traces", x.traces,
                 "folder of the editing traces (default: tests/fixtures/editing-traces of the "
                 "source tree)");
  xc->add_option("--repeats", x.repeats, "runs of the sequential trace; the median is reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  xc->add_flag("--json", x.json, "print one JSON object instead of the tables");

  CLI11_PARSE(app, argc, argv);
  try {
    if (wc->parsed()) return run_w(w);
    if (sc->parsed()) return run_scale(s);
    if (hc->parsed()) {
      if (h.hubs > 1 && h.postgres.empty())
        throw std::runtime_error("--hubs " + std::to_string(h.hubs) +
                                 ": several hub processes share a store on PostgreSQL only "
                                 "(--postgres); a SQLite hub is one process");
      return run_hub_load(h);
    }
    if (fc->parsed()) return run_flood(f);
    if (xc->parsed()) return run_text(x);
  } catch (const std::exception& e) {
    fmt::print(stderr, "triad-bench: {}\n", e.what());
    return 3;
  }
  return 1;
}
