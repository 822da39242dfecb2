// Workload W on Triad, and the same work on plain SQLite (run_w_on_plain_sqlite).
#include "triad_w.h"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "child_hub.h"
#include "inproc_link.h"
#include "measure.h"
#include "must.h"
#include "plain_sqlite.h"
#include "triad/core/store.h"
#include "triad/hub/hub.h"
#include "triad/sync/transport.h"

namespace triad::bench {

namespace {

constexpr int kRoundsW = 2;

// Runs `actions` in groups of `batch` that never mix kinds, timing each kind.
template <class Do, class Group>
void run_actions(const std::vector<Action>& actions, size_t batch, WFigures& f, Do&& act,
                 Group&& group) {
  size_t i = 0;
  while (i < actions.size()) {
    size_t end = i + 1;
    while (end < actions.size() && end - i < batch && actions[end].kind == actions[i].kind) ++end;
    Stopwatch w;
    group([&] {
      for (size_t k = i; k < end; ++k) act(actions[k]);
    });
    const double ms = w.ms();
    f.local_ms += ms;
    (actions[i].kind == Action::Kind::kCreate        ? f.create_ms
     : actions[i].kind == Action::Kind::kUpdateNotes ? f.update_ms
                                                     : f.delete_ms) += ms;
    f.actions += end - i;
    i = end;
  }
}

// The canonical lines of a Triad store's live observations (workload_w.h).
std::string triad_state_hash(core::Store& store) {
  std::map<std::string, std::string> names;
  const auto name_of = [&](const std::string& id_text) -> const std::string& {
    auto it = names.find(id_text);
    if (it != names.end()) return it->second;
    auto id = core::RecordId::parse(id_text);
    return names[id_text] = id ? store.label(*id) : "?";
  };
  std::vector<std::string> lines;
  for (const core::RecordState& r : must(store.list("observation"), "list observations")) {
    uint64_t updated = 0;
    for (const auto& [name, field] : r.fields) {
      for (const core::FieldVersion& v : field.versions)
        updated = std::max(updated, core::hlc_millis(v.stamp.hlc));
      for (const core::SetDot& d : field.dots)
        updated = std::max(updated, core::hlc_millis(d.added.hlc));
    }
    const auto value = [&](const char* field) {
      const auto* f = r.field(field);
      return f ? f->value() : std::string();
    };
    const auto* tags = r.field("tags");
    lines.push_back(canonical_line(
        name_of(r.header.school.to_string()), name_of(value("observed_teacher")), value("focus"),
        value("notes"), tags ? tags->elements() : std::vector<std::string>{},
        core::hlc_millis(r.header.created.hlc), updated));
  }
  return hash_lines(std::move(lines));
}

struct School {
  std::shared_ptr<uint64_t> now;
  std::unique_ptr<core::Store> store;
  std::string token;
  std::vector<core::RecordId> ids;  // by observation number
};

}  // namespace

std::string person_id_text(int school, int author) {
  const core::RecordId school_id = core::RecordId::derive("school", school_name(school));
  return core::RecordId::derive("person", school_id.to_string() + ":" + author_name(school, author))
      .to_string();
}

bool WFigures::converged() const {
  if (refused > 0) return false;
  for (const std::string& h : hashes)
    if (h != expected) return false;
  return true;
}

WFigures run_w_on_triad(const Workload& w, const WOptions& options) {
  WFigures f;
  f.expected = expected_hash(w);
  const std::string dir = make_work_dir(options.dir, "triad-bench-w");
  const std::string hub_path = dir + "/hub.db";
  std::array<School, kSchools> schools;
  const uint64_t first_action = w.schools[0].actions.front().at;
  {
    // The hub's clock reads like the schools' (a school refuses stamps a day ahead of its clock).
    core::StoreOptions o;
    o.wall = [t = first_action - 7'200'000] { return t; };
    auto hub = must(sync::Hub::init(hub_path, "The Mead", o), "hub init");
    for (int s = 0; s < kSchools; ++s)
      schools[s].token =
          must(hub->enrol(school_name(s), author_name(s, 0), core::DeviceRole::kDevice), "enrol")
              .token;
  }
  for (int s = 0; s < kSchools; ++s) {
    School& school = schools[s];
    school.now = std::make_shared<uint64_t>(first_action - 3'600'000);
    core::StoreOptions o;
    o.wall = [now = school.now] { return *now; };
    o.site_id = 0x7000 + static_cast<core::SiteId>(s);
    o.random = [state = w.seed * 31 +
                        static_cast<uint64_t>(s)]() mutable {  // splitmix64: deterministic ids
      uint64_t z = (state += 0x9e3779b97f4a7c15ull);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      return z ^ (z >> 31);
    };
    school.store = must(core::Store::create(dir + "/school-" + std::to_string(s) + ".db",
                                            school_name(s), author_name(s, 0), o),
                        "create school store");
    for (int a = 1; a < kAuthorsPerSchool; ++a)  // the colleagues observed (setup, not timed)
      must(school.store
               ->create_record("person", {{"name", core::FieldEdit::Op::kAssign, author_name(s, a)},
                                          {"school", core::FieldEdit::Op::kAssign, school_name(s)}})
               .status(),
           "add a colleague");
    school.ids.resize(w.records_per_school);
  }

  // Offline: each school's actions, one transaction per action (or per --batch actions).
  for (int s = 0; s < kSchools; ++s) {
    School& school = schools[s];
    core::Store& store = *school.store;
    std::vector<std::string> author_ids;
    for (int a = 0; a < kAuthorsPerSchool; ++a) author_ids.push_back(person_id_text(s, a));
    const auto act = [&](const Action& a) {
      *school.now = a.at;
      switch (a.kind) {
        case Action::Kind::kCreate: {
          const Observation& o = w.schools[s].created[a.number];
          core::FieldEdits edits{
              {"observed_teacher", core::FieldEdit::Op::kAssign, author_ids[o.author]},
              {"focus", core::FieldEdit::Op::kAssign, o.focus},
              {"notes", core::FieldEdit::Op::kAssign, o.notes}};
          for (const std::string& tag : o.tags)
            edits.push_back({"tags", core::FieldEdit::Op::kAdd, tag});
          school.ids[a.number] =
              must(store.create_record("observation", edits, core::Scope::kAlliance), "create");
          break;
        }
        case Action::Kind::kUpdateNotes:
          must(store.update_record(school.ids[a.number],
                                   {{"notes", core::FieldEdit::Op::kAssign, a.notes}}),
               "update");
          break;
        case Action::Kind::kDelete:
          must(store.delete_record(school.ids[a.number]), "delete");
          break;
      }
    };
    const auto group = [&](const std::function<void()>& body) {
      if (options.batch <= 1) return body();
      must(store.in_one_transaction([&] {
        body();
        return core::Status::ok();
      }),
           "batch");
    };
    run_actions(w.schools[s].actions, options.batch, f, act, group);
  }

  // The wifi is back: every school's clock reads after all offline work.
  uint64_t last_action = 0;
  for (const SchoolWork& work : w.schools)
    last_action = std::max(last_action, work.actions.back().at);
  for (School& school : schools) *school.now = last_action + 1000;

  std::optional<ChildHub> child;
  std::string cert;
  std::unique_ptr<sync::Hub> hub;
  if (options.tls) {
    cert = must(make_loopback_certificate(dir), "certificate");
    child.emplace(must(ChildHub::start(hub_path, cert), "start the hub"));
  } else {
    hub = must(sync::Hub::open(hub_path), "open hub");
  }
  LinkBytes link;
  Stopwatch sync_time;
  for (int round = 0; round < kRoundsW; ++round) {
    for (School& school : schools) {
      sync::ClientOptions co;
      co.token = school.token;
      if (options.tls) {
        sync::HubAddress address{child->address(), cert, false, std::chrono::milliseconds(60'000)};
        auto report = must(sync::sync_with_hub(*school.store, address, co), "sync over TLS");
        f.bytes_up += report.bytes_sent;
        f.bytes_down += report.bytes_received;
        f.refused += report.refused + report.refused_here;
      } else {
        auto report = must(sync_inproc(*school.store, *hub, co, link, /*measure_zlib=*/true),
                           "sync in process");
        f.refused += report.refused + report.refused_here;
      }
    }
  }
  f.sync_ms = sync_time.ms() - link.zlib_ms;
  f.rounds = kRoundsW;
  if (!options.tls) f.bytes_up = link.up, f.bytes_down = link.down, f.bytes_zlib = link.zlib;
  if (child) f.hub_peak_rss_mib = must(child->stop(), "stop the hub");
  f.peak_rss_mib = peak_rss_mib();

  if (!hub) hub = must(sync::Hub::open(hub_path), "open hub");
  for (int s = 0; s < kSchools; ++s) {
    f.hashes[s] = triad_state_hash(*schools[s].store);
    f.school_store_bytes = std::max(f.school_store_bytes, store_bytes(schools[s].store->path()));
  }
  f.hashes[3] = triad_state_hash(hub->store());
  f.hub_store_bytes = store_bytes(hub_path);
  if (!options.keep) {
    hub.reset();
    for (School& school : schools) school.store.reset();
    std::filesystem::remove_all(dir);
  }
  return f;
}

WFigures run_w_on_plain_sqlite(const Workload& w, const WOptions& options) {
  WFigures f;
  f.expected = expected_hash(w);
  const std::string dir = make_work_dir(options.dir, "plain-bench-w");
  std::array<std::unique_ptr<PlainReplica>, kSchools + 1> replicas;  // schools, then the hub
  for (int r = 0; r <= kSchools; ++r)
    replicas[r] = std::make_unique<PlainReplica>(
        dir + (r < kSchools ? "/school-" + std::to_string(r) : std::string("/hub")) + ".db");
  for (int s = 0; s < kSchools; ++s) {
    PlainReplica& db = *replicas[s];
    const auto act = [&](const Action& a) { db.act(w.schools[s], s, a); };
    const auto group = [&](const std::function<void()>& body) {
      db.begin();
      body();
      db.commit();
    };
    run_actions(w.schools[s].actions, options.batch, f, act, group);
  }
  // Each final row copied once to each replica that lacks it, in batches as Triad's (500).
  Stopwatch sync_time;
  for (int to = 0; to <= kSchools; ++to)
    for (int from = 0; from < kSchools; ++from)
      if (from != to) f.bytes_down += replicas[to]->copy_missing_from(*replicas[from], 500);
  f.sync_ms = sync_time.ms();
  f.rounds = 1;
  for (int r = 0; r <= kSchools; ++r) f.hashes[r] = replicas[r]->state_hash();
  f.hub_store_bytes = store_bytes(replicas[kSchools]->path());
  for (int s = 0; s < kSchools; ++s)
    f.school_store_bytes = std::max(f.school_store_bytes, store_bytes(replicas[s]->path()));
  for (auto& r : replicas) r.reset();
  if (!options.keep) std::filesystem::remove_all(dir);
  return f;
}

}  // namespace triad::bench
