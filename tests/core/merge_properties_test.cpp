// Property tests of the merge rules: over random histories of concurrent edits to one record by
// several sites, merging any states is commutative, associative and idempotent. Seeded; the
// seed is printed and TRIAD_SEED replays a run.
#include <catch2/catch.hpp>
#include <random>

#include "test_support.h"
#include "triad/core/export.h"
#include "triad/core/field_ops.h"
#include "triad/core/merge.h"

using namespace triad::core;

namespace {

struct Site {
  SiteId id;
  RecordState state;
};

class History {
 public:
  History(uint64_t seed, int sites) : rng_(seed) {
    RecordState base;
    base.header.id = RecordId::derive("test", "property");
    base.header.type = "lesson_study";
    base.header.created = {1, 1};
    for (int i = 0; i < sites; ++i) sites_.push_back({static_cast<SiteId>(i + 1), base});
  }

  // Runs `steps` random operations, keeping a snapshot of every state reached.
  void run(int steps) {
    for (int i = 0; i < steps; ++i) {
      Site& s = sites_[pick(sites_.size())];
      step(s);
      snapshots_.push_back(s.state);
    }
  }

  const std::vector<RecordState>& snapshots() const { return snapshots_; }
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

 private:
  Stamp tick(Site& s) {
    clock_ += 1 + pick(3);  // one global causal clock: every stamp is fresh and ordered
    return {clock_, s.id};
  }

  void step(Site& s) {
    static const char* kValues[] = {"Questioning", "Phonics", "Differentiation", ""};
    static const char* kMembers[] = {"T1", "T2", "T3", "T4"};
    // A deleted record is never edited again (the store refuses it); it only merges.
    switch (s.state.is_deleted() ? 11 : pick(12)) {
      case 0:
      case 1:
        assign_value(s.state.fields["focus"], FieldKind::kRegister, kValues[pick(4)], tick(s));
        break;
      case 2:
      case 3:
        assign_value(s.state.fields["review"], FieldKind::kText, kValues[pick(4)], tick(s));
        break;
      case 4:
      case 5:
        add_element(s.state.fields["members"], kMembers[pick(4)], tick(s));
        break;
      case 6:
        remove_element(s.state.fields["members"], kMembers[pick(4)]);
        break;
      case 7:
        s.state.scope = std::max(s.state.scope, static_cast<Scope>(pick(4)));
        break;
      case 8:
        if (pick(6) == 0) {
          s.state.deleted = tick(s);
          purge(s.state);
        }
        break;
      case 9: {  // the notes, merging text on upgraded sites, text on site 1, an older one
        FieldState& notes = s.state.fields["notes"];
        const bool upgraded = s.id != 1;
        if (!upgraded && notes.kind == FieldKind::kMergingText && !notes.versions.empty()) break;
        std::string value = notes.versions.empty() ? "" : notes.value();
        const size_t at = value.empty() ? 0 : pick(value.size() + 1);
        value.insert(at, std::string(" ") + kValues[pick(4)]);
        assign_value(notes, upgraded ? FieldKind::kMergingText : FieldKind::kText, value, tick(s));
        break;
      }
      default: {  // receive another site's state
        const Site& other = sites_[pick(sites_.size())];
        s.state = merge_record(s.state, other.state).value();
        clock_ = std::max(clock_, s.state.max_hlc());
      }
    }
    if (s.state.fields.count("members") && s.state.fields["members"].dots.empty())
      s.state.fields.erase("members");
  }

  std::mt19937_64 rng_;
  std::vector<Site> sites_;
  std::vector<RecordState> snapshots_;
  uint64_t clock_ = 10;
};

RecordState m(const RecordState& x, const RecordState& y) { return merge_record(x, y).value(); }

}  // namespace

TEST_CASE("merge is commutative, associative and idempotent over random histories",
          "[core][merge][property]") {
  const uint64_t seed = triad::testing::test_seed("merge properties");
  std::mt19937_64 seeds(seed);
  for (int run = 0; run < 200; ++run) {
    const uint64_t run_seed = seeds();
    INFO("seed " << seed << ", run " << run << " (run seed " << run_seed << ")");
    History h(run_seed, 2 + static_cast<int>(run_seed % 4));
    h.run(60);
    const auto& snaps = h.snapshots();
    for (int trial = 0; trial < 50; ++trial) {
      const RecordState& x = snaps[h.pick(snaps.size())];
      const RecordState& y = snaps[h.pick(snaps.size())];
      const RecordState& z = snaps[h.pick(snaps.size())];
      INFO("x=" << record_to_json(x) << "\ny=" << record_to_json(y) << "\nz=" << record_to_json(z));
      REQUIRE(m(x, y) == m(y, x));
      REQUIRE(m(m(x, y), z) == m(x, m(y, z)));
      REQUIRE(m(x, x) == x);
      REQUIRE(m(x, m(x, y)) == m(x, y));
    }
  }
}

TEST_CASE("every site converges once all states are exchanged, in any order",
          "[core][merge][property]") {
  const uint64_t seed = triad::testing::test_seed("merge convergence");
  std::mt19937_64 seeds(seed);
  for (int run = 0; run < 200; ++run) {
    const uint64_t run_seed = seeds();
    INFO("seed " << seed << ", run " << run);
    History h(run_seed, 3);
    h.run(40);
    std::vector<RecordState> states(h.snapshots().end() - std::min<size_t>(6, h.snapshots().size()),
                                    h.snapshots().end());
    RecordState forward = states.front(), backward = states.back();
    for (size_t i = 1; i < states.size(); ++i) forward = m(forward, states[i]);
    for (size_t i = states.size() - 1; i-- > 0;) backward = m(backward, states[i]);
    REQUIRE(forward == backward);
  }
}
