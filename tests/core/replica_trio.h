// Three in-memory replicas A, B, C (site ids a < b < c, each with its own wall clock) and the
// machinery MERGE_CASES.md asks for: run a scenario, then merge in every order of the pairwise
// merges until quiet, and check every order ends in the same state. Not thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <functional>

#include "test_support.h"
#include "triad/core/exchange.h"
#include "triad/core/export.h"
#include "triad/core/store.h"

namespace triad::testing {

constexpr core::SiteId kSiteA = 0xA, kSiteB = 0xB, kSiteC = 0xC;
constexpr uint64_t kT1 = 1'400'000'000'000ull;  // the merge cases' t1 < t2 < t3 < t4
constexpr uint64_t kT2 = kT1 + 1000, kT3 = kT1 + 2000, kT4 = kT1 + 3000;

struct Trio {
  std::array<ManualClock, 3> clocks;
  std::array<std::unique_ptr<core::Store>, 3> stores;

  // New replicas, in memory, or as files a.db, b.db, c.db in `folder`. They are three devices
  // of one teacher, so sharing scopes never hold a record back: these replicas test merging.
  // A also knows two colleagues, Ben Lee and Cara Wu (sync_all spreads them).
  explicit Trio(const std::string& folder = "") {
    const core::SiteId sites[] = {kSiteA, kSiteB, kSiteC};
    for (int i = 0; i < 3; ++i) {
      clocks[i].set(kT1 - 10'000);
      auto s = core::Store::create(path(folder, i), "The Mead", "Ana Diaz",
                                   options_with(clocks[i], sites[i]));
      REQUIRE(s);
      stores[i] = std::move(s.value());
    }
    for (const char* colleague : {"Ben Lee", "Cara Wu"})
      REQUIRE(stores[0]->create_record("person",
                                       {{"name", core::FieldEdit::Op::kAssign, colleague},
                                        {"school", core::FieldEdit::Op::kAssign, "The Mead"}}));
  }
  // Reopens the replicas kept as files in `folder`.
  static std::unique_ptr<Trio> reopen(const std::string& folder, uint64_t now_ms) {
    auto t = std::unique_ptr<Trio>(new Trio(0));
    for (int i = 0; i < 3; ++i) {
      t->clocks[i].set(now_ms);
      auto s = core::Store::open(path(folder, i), options_with(t->clocks[i], 0));
      REQUIRE(s);
      t->stores[i] = std::move(s.value());
    }
    return t;
  }
  static std::string path(const std::string& folder, int i) {
    return folder.empty() ? ":memory:" : folder + "/" + "abc"[i] + ".db";
  }
  core::Store& a() { return *stores[0]; }
  core::Store& b() { return *stores[1]; }
  core::Store& c() { return *stores[2]; }
  void at(uint64_t ms) {
    for (auto& c : clocks) c.set(ms);
  }
  // Brings all three to the same state (A<->B, A<->C, A<->B).
  explicit Trio(int) {}  // for reopen()
  void sync_all() {
    REQUIRE(core::merge_stores(a(), b()));
    REQUIRE(core::merge_stores(a(), c()));
    REQUIRE(core::merge_stores(a(), b()));
  }
};

// Every record a store holds, live or deleted, with all clocks: what "same state" means.
inline std::vector<core::RecordState> full_state(core::Store& s) {
  auto batch = s.changes_since(0, 1'000'000, SIZE_MAX);
  REQUIRE(batch);
  auto records = std::move(batch->records);
  std::sort(records.begin(), records.end(),
            [](const auto& x, const auto& y) { return x.header.id < y.header.id; });
  return records;
}

inline std::string dump(const std::vector<core::RecordState>& records) {
  std::string out;
  for (const auto& r : records) out += core::record_to_json(r) + "\n";
  return out;
}

// Runs `scenario` once on three replicas kept as files, then, starting each time from copies of
// those same files, merges in each of the 6 orders of the pairs (AB, AC, BC) until a whole pass
// changes nothing. Checks that the three replicas agree and that every order ends in the same
// state; returns the trio of the last order.
// The replicas after merging, with the folder that holds their files (removed last).
struct MergedTrio {
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<Trio> trio;
  Trio* operator->() { return trio.get(); }
};

inline MergedTrio merge_in_every_order(const std::function<void(Trio&)>& scenario,
                                       uint64_t merge_at_ms = kT4 + 1000) {
  namespace fs = std::filesystem;
  auto dir = std::make_unique<TempDir>();
  const std::string start = dir->file("start");
  fs::create_directories(start);
  {
    Trio t(start);
    scenario(t);
  }  // closing the stores checkpoints their WAL into the files
  std::array<std::pair<int, int>, 3> pairs{{{0, 1}, {0, 2}, {1, 2}}};
  std::sort(pairs.begin(), pairs.end());
  std::optional<std::vector<core::RecordState>> first;
  std::unique_ptr<Trio> trio;
  int order = 0;
  do {
    const std::string folder = dir->file("order" + std::to_string(order++));
    fs::copy(start, folder);
    trio.reset();
    trio = Trio::reopen(folder, merge_at_ms);
    for (int pass = 0;; ++pass) {
      REQUIRE(pass < 10);
      size_t changed = 0;
      for (auto [x, y] : pairs) {
        auto r = core::merge_stores(*trio->stores[x], *trio->stores[y]);
        REQUIRE(r);
        changed += r->into_a.changed + r->into_b.changed;
      }
      if (changed == 0) break;
    }
    const auto state = full_state(trio->a());
    INFO("order " << pairs[0].first << pairs[0].second << " " << pairs[1].first << pairs[1].second
                  << " " << pairs[2].first << pairs[2].second);
    REQUIRE(dump(full_state(trio->b())) == dump(state));
    REQUIRE(dump(full_state(trio->c())) == dump(state));
    REQUIRE(full_state(trio->b()) == state);
    REQUIRE(full_state(trio->c()) == state);
    if (first)
      REQUIRE(state == *first);
    else
      first = state;
  } while (std::next_permutation(pairs.begin(), pairs.end()));
  return MergedTrio{std::move(dir), std::move(trio)};
}

inline core::FieldEdit set_field(std::string field, std::string value) {
  return {std::move(field), core::FieldEdit::Op::kAssign, std::move(value)};
}
inline core::FieldEdit add_to(std::string field, std::string value) {
  return {std::move(field), core::FieldEdit::Op::kAdd, std::move(value)};
}
inline core::FieldEdit remove_from(std::string field, std::string value) {
  return {std::move(field), core::FieldEdit::Op::kRemove, std::move(value)};
}

}  // namespace triad::testing
