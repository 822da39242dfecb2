// Property tests of TextSequence: 3 to 5 replicas make random concurrent edits of one text and
// exchange changes at random; then every replica's state is merged into fresh replicas in
// different orders. They must converge, merging must be idempotent, and every character
// inserted and not erased must appear exactly once. Seeded; TRIAD_SEED replays a run.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "test_support.h"
#include "text/text_runs.h"
#include "triad/core/text_sequence.h"

using namespace triad::core;

namespace {

// Each inserted character is a code point never used before, so the final text says which
// insertions survived.
class Alphabet {
 public:
  std::string next(std::u32string& made) {
    const char32_t c = 0x4E00 + made_++;  // CJK ideographs: 3 bytes of UTF-8 each
    made += c;
    return utf8(c);
  }
  static std::string utf8(char32_t c) {
    return {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
            static_cast<char>(0x80 | (c & 0x3F))};
  }
  static std::u32string decode(const std::string& s) {
    std::u32string out;
    for (size_t i = 0; i + 2 < s.size(); i += 3)
      out += static_cast<char32_t>(((s[i] & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |
                                   (s[i + 2] & 0x3F));
    return out;
  }

 private:
  uint32_t made_ = 0;
};

struct TextReplica {
  SiteId site;
  TextSequence text;
};

class History {
 public:
  History(uint64_t seed, int replicas) : rng_(seed) {
    for (int i = 0; i < replicas; ++i) replicas_.push_back({static_cast<SiteId>(1000 + i), {}});
  }

  void run(int steps) {
    for (int i = 0; i < steps; ++i) {
      TextReplica& r = replicas_[pick(replicas_.size())];
      if (pick(4) == 0)
        exchange(r, replicas_[pick(replicas_.size())]);
      else
        edit(r);
    }
  }

  std::vector<TextReplica>& replicas() { return replicas_; }
  const std::set<char32_t>& inserted() const { return inserted_; }
  const std::set<char32_t>& erased() const { return erased_; }
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::mt19937_64& rng() { return rng_; }

 private:
  void edit(TextReplica& r) {
    const size_t size = r.text.size();
    const size_t kind = pick(10);
    if (kind < 5 || size == 0) {  // a word typed at one place, one character at a time
      const size_t pos = pick(size + 1), length = 1 + pick(6);
      for (size_t i = 0; i < length; ++i) insert(r, pos + i, 1);
    } else if (kind < 7) {  // a pasted passage
      insert(r, pick(size + 1), 1 + pick(12));
    } else if (kind < 9) {  // a selection erased
      const size_t pos = pick(size), length = 1 + pick(std::min<size_t>(size - pos, 8));
      note_erased(r, pos, length);
      REQUIRE(r.text.erase(r.site, pos, length));
    } else {  // backspaces
      size_t pos = 1 + pick(size);
      for (size_t k = 0; k < 1 + pick(4) && pos > 0; ++k, --pos) {
        note_erased(r, pos - 1, 1);
        REQUIRE(r.text.erase(r.site, pos - 1, 1));
      }
    }
  }

  void insert(TextReplica& r, size_t pos, size_t length) {
    std::u32string made;
    std::string bytes;
    for (size_t i = 0; i < length; ++i) bytes += alphabet_.next(made);
    inserted_.insert(made.begin(), made.end());
    REQUIRE(r.text.insert(r.site, pos, bytes));
  }

  void note_erased(TextReplica& r, size_t pos, size_t length) {
    const std::u32string now = Alphabet::decode(r.text.text());
    erased_.insert(now.begin() + static_cast<std::ptrdiff_t>(pos),
                   now.begin() + static_cast<std::ptrdiff_t>(pos + length));
  }

  // `to` takes what it lacks of `from`: changes since its version, or now and then the whole
  // state, as a replica that lost its checkpoint would.
  void exchange(TextReplica& from, TextReplica& to) {
    if (&from == &to) return;
    const std::string bytes =
        pick(5) == 0 ? from.text.encode() : from.text.changes_since(to.text.version());
    const Status merged = to.text.merge(bytes);
    INFO(merged.message());
    REQUIRE(merged);
  }

  std::mt19937_64 rng_;
  std::vector<TextReplica> replicas_;
  Alphabet alphabet_;
  std::set<char32_t> inserted_, erased_;
};

std::string hex(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    static const char* kHex = "0123456789abcdef";
    out += kHex[c >> 4];
    out += kHex[c & 15];
    out += ' ';
  }
  return out;
}

}  // namespace

TEST_CASE("text: random concurrent edits on 3 to 5 replicas converge in every merge order",
          "[core][text][merge]") {
  const uint64_t seed = triad::testing::test_seed("text properties");
  std::mt19937_64 seeds(seed);
  for (int run = 0; run < 300; ++run) {
    const uint64_t run_seed = seeds();
    INFO("seed " << seed << ", run " << run << " (run seed " << run_seed << ")");
    History h(run_seed, 3 + static_cast<int>(run_seed % 3));
    h.run(30 + static_cast<int>(h.pick(120)));
    std::vector<std::string> states;
    for (TextReplica& r : h.replicas()) states.push_back(r.text.encode());

    // Every order of merging the replicas' states gives one state (three orders tried).
    std::optional<TextSequence> first;
    for (int order = 0; order < 3; ++order) {
      std::vector<size_t> idx(states.size());
      for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
      std::shuffle(idx.begin(), idx.end(), h.rng());
      TextSequence merged;
      for (size_t i : idx) REQUIRE(merged.merge(states[i]));
      if (!first)
        first = merged;
      else
        REQUIRE(merged == *first);
      // Idempotent: merging any state again changes nothing.
      TextSequence again = merged;
      REQUIRE(again.merge(states[h.pick(states.size())]));
      REQUIRE(again == merged);
    }
    // Replicas catching up on each other pairwise reach the same state as the fresh merges.
    for (TextReplica& a : h.replicas())
      for (TextReplica& b : h.replicas())
        if (&a != &b) REQUIRE(b.text.merge(a.text.changes_since(b.text.version())));
    for (TextReplica& r : h.replicas()) {
      REQUIRE(r.text.text() == first->text());
      INFO("replica " << r.site << " state " << hex(r.text.encode()) << " against "
                      << hex(first->encode()));
      REQUIRE(r.text == *first);
    }

    // Every character inserted and not erased appears exactly once; no erased one appears.
    const std::u32string final_text = Alphabet::decode(first->text());
    std::map<char32_t, int> seen;
    for (char32_t c : final_text) ++seen[c];
    for (char32_t c : h.inserted()) REQUIRE(seen[c] == (h.erased().count(c) ? 0 : 1));
    REQUIRE(final_text.size() == h.inserted().size() - h.erased().size());

    // A stored state loads back equal.
    auto loaded = TextSequence::load(first->encode());
    REQUIRE(loaded);
    REQUIRE(*loaded == *first);
  }
}
