// `triad-bench w`: workload W on Triad and on plain SQLite in the same run, printed side by side.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "bench_commands.h"
#include "measure.h"
#include "triad_w.h"

namespace triad::bench {

namespace {

std::string ratio(double triad, double plain) {
  return plain > 0 ? fmt::format("{:.2f}x", triad / plain) : "-";
}

nlohmann::json to_json(const WFigures& f) {
  const double n = static_cast<double>(f.actions);
  return {{"actions", f.actions},
          {"local_us_per_op", f.local_ms * 1000 / n},
          {"local_ms",
           {{"all", f.local_ms},
            {"create", f.create_ms},
            {"update", f.update_ms},
            {"delete", f.delete_ms}}},
          {"sync_ms", f.sync_ms},
          {"sync_rounds", f.rounds},
          {"bytes",
           {{"up", f.bytes_up},
            {"down", f.bytes_down},
            {"total", f.bytes_up + f.bytes_down},
            {"zlib", f.bytes_zlib}}},
          {"hub_store_bytes", f.hub_store_bytes},
          {"school_store_bytes", f.school_store_bytes},
          {"peak_rss_mib", f.peak_rss_mib},
          {"hub_peak_rss_mib", f.hub_peak_rss_mib},
          {"refused", f.refused},
          {"hashes", f.hashes},
          {"expected", f.expected},
          {"converged", f.converged()}};
}

}  // namespace

int run_w(const WArgs& a) {
  WOptions o;
  o.records = a.records;
  o.batch = a.batch;
  o.seed = a.seed;
  o.tls = a.transport == "tls";
  o.dir = a.dir;
  o.keep = a.keep;
  if (!a.json)
    fmt::print(stderr, "generating workload W: {} observations per school, seed {}\n", o.records,
               o.seed);
  const Workload w = generate_workload(o.records, o.seed);
  if (!a.json) fmt::print(stderr, "plain SQLite ...\n");
  const WFigures plain = run_w_on_plain_sqlite(w, o);
  if (!a.json) fmt::print(stderr, "Triad ({}) ...\n", a.transport);
  const WFigures triad = run_w_on_triad(w, o);
  const bool converged = triad.converged() && plain.converged();
  if (a.json) {
    nlohmann::json j{{"workload", "W"},
                     {"records_per_school", o.records},
                     {"batch", o.batch},
                     {"seed", o.seed},
                     {"transport", a.transport},
                     {"triad", to_json(triad)},
                     {"plain_sqlite", to_json(plain)},
                     {"converged", converged}};
    fmt::print("{}\n", j.dump(2));
    return converged ? 0 : 5;
  }
  const double n = static_cast<double>(triad.actions);
  const auto us = [n](double ms) { return ms * 1000 / n; };
  fmt::print(
      "Workload W: {} observations per school, 3 schools and a hub, batch {}, seed {}, transport "
      "{}\n",
      o.records, o.batch, o.seed, a.transport);
  Table t({"", "Triad", "plain SQLite", "Triad / plain"});
  t.add({"local write, us per action", fixed(us(triad.local_ms), 1), fixed(us(plain.local_ms), 1),
         ratio(triad.local_ms, plain.local_ms)});
  const auto per = [&](const char* what, double tm, double pm, double count) {
    t.add({what, fixed(tm * 1000 / count, 1), fixed(pm * 1000 / count, 1), ratio(tm, pm)});
  };
  const double r = static_cast<double>(o.records) * 3;
  per("  create, us each", triad.create_ms, plain.create_ms, r);
  per("  update notes, us each", triad.update_ms, plain.update_ms,
      static_cast<double>(o.records / 5) * 3);
  if (o.records >= 50)
    per("  delete, us each", triad.delete_ms, plain.delete_ms,
        static_cast<double>(o.records / 50) * 3);
  t.add({fmt::format("sync, ms ({} rounds / 1 copy)", triad.rounds), fixed(triad.sync_ms, 0),
         fixed(plain.sync_ms, 0), ratio(triad.sync_ms, plain.sync_ms)});
  const uint64_t tb = triad.bytes_up + triad.bytes_down, pb = plain.bytes_down;
  t.add({"bytes exchanged (both ways)", fmt::format("{}", tb), fmt::format("{}", pb),
         ratio(static_cast<double>(tb), static_cast<double>(pb))});
  if (triad.bytes_zlib > 0)
    t.add({"  zlib per frame (not on the wire)", fmt::format("{}", triad.bytes_zlib), "-",
           ratio(static_cast<double>(triad.bytes_zlib), static_cast<double>(pb))});
  t.add({"hub store, bytes", fmt::format("{}", triad.hub_store_bytes),
         fmt::format("{}", plain.hub_store_bytes),
         ratio(static_cast<double>(triad.hub_store_bytes),
               static_cast<double>(plain.hub_store_bytes))});
  t.add({"largest school store, bytes", fmt::format("{}", triad.school_store_bytes),
         fmt::format("{}", plain.school_store_bytes),
         ratio(static_cast<double>(triad.school_store_bytes),
               static_cast<double>(plain.school_store_bytes))});
  t.add({"peak RSS of this process, MiB", fixed(triad.peak_rss_mib, 1), "-", "-"});
  if (o.tls)
    t.add({"peak RSS of the hub process, MiB", fixed(triad.hub_peak_rss_mib, 1), "-", "-"});
  t.add({"converged", triad.converged() ? "yes" : "NO", plain.converged() ? "yes" : "NO", ""});
  fmt::print("{}", t.render());
  fmt::print("converged: {} (4 replicas, sha256 {})\n", converged ? "yes" : "NO",
             triad.expected.substr(0, 16));
  if (triad.refused > 0) fmt::print("records refused during sync: {}\n", triad.refused);
  if (!converged)
    for (size_t i = 0; i < triad.hashes.size(); ++i)
      fmt::print("  replica {}: {}\n", i, triad.hashes[i].substr(0, 16));
  return converged ? 0 : 5;
}

}  // namespace triad::bench
