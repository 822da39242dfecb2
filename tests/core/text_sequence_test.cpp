// TextSequence (core/src/text/): local edits, the merge of concurrent edits by FugueMax's rule,
// changes sent since a version, and what an erased passage leaves behind.
#include "triad/core/text_sequence.h"

#include <catch2/catch.hpp>

#include "varint.h"

using namespace triad::core;

namespace {

constexpr SiteId kAna = 0xA0A0, kBen = 0xB0B0, kCara = 0xC0C0;

TextSequence typed(SiteId site, std::string_view text) {
  TextSequence t;
  REQUIRE(t.insert(site, 0, text));
  return t;
}

// Types `word` one character after another at `pos`, as a person at a keyboard does.
void type(TextSequence& t, SiteId site, size_t pos, std::string_view word) {
  for (size_t i = 0; i < word.size(); ++i) REQUIRE(t.insert(site, pos + i, word.substr(i, 1)));
}

// Both replicas take each other's state.
void sync(TextSequence& a, TextSequence& b) {
  const std::string to_b = a.changes_since(b.version()), to_a = b.changes_since(a.version());
  REQUIRE(b.merge(to_b));
  REQUIRE(a.merge(to_a));
  REQUIRE(a == b);
}

}  // namespace

TEST_CASE("local insertions and erasures count characters, not bytes", "[core][text]") {
  TextSequence t;
  REQUIRE(t.insert(kAna, 0, "Zoë read"));
  REQUIRE(t.insert(kAna, 3, " Brontë"));
  CHECK(t.text() == "Zoë Brontë read");
  CHECK(t.size() == 15);
  REQUIRE(t.erase(kAna, 3, 7));
  CHECK(t.text() == "Zoë read");
  REQUIRE(t.insert(kAna, 8, " aloud"));
  CHECK(t.text() == "Zoë read aloud");
  CHECK(t.insert(kAna, 15, "x").code() == StatusCode::kInvalidArgument);
  CHECK(t.erase(kAna, 10, 5).code() == StatusCode::kInvalidArgument);
  CHECK(t.insert(kAna, 0, "\xC3\x28").code() == StatusCode::kInvalidArgument);
  CHECK(t.text() == "Zoë read aloud");
}

TEST_CASE("a typed note is kept as a few runs, not a run per character", "[core][text]") {
  TextSequence t;
  type(t, kAna, 0, "Pupils answered in full sentences after wait time.");
  CHECK(t.run_count() == 1);
  const std::string bytes = t.encode();
  CHECK(bytes.size() < t.text().size() + 40);
}

TEST_CASE("two people typing at one place concurrently do not interleave their words",
          "[core][text]") {
  TextSequence a = typed(kAna, "Next steps: .");
  TextSequence b = a;
  type(a, kAna, 12, "model the method");
  type(b, kBen, 12, "more wait time");
  sync(a, b);
  const std::string merged = a.text();
  INFO(merged);
  CHECK((merged == "Next steps: model the methodmore wait time." ||
         merged == "Next steps: more wait timemodel the method."));
}

TEST_CASE("words typed backwards at one place concurrently do not interleave either",
          "[core][text]") {
  // Each character typed before the previous one (a person moving the cursor left each time):
  // FugueMax keeps each person's characters together in this direction too.
  TextSequence a = typed(kAna, "[]");
  TextSequence b = a;
  for (char c : std::string("abcd")) REQUIRE(a.insert(kAna, 1, std::string(1, c)));
  for (char c : std::string("wxyz")) REQUIRE(b.insert(kBen, 1, std::string(1, c)));
  sync(a, b);
  const std::string merged = a.text();
  INFO(merged);
  CHECK((merged == "[dcbazyxw]" || merged == "[zyxwdcba]"));
}

TEST_CASE("concurrent edits of different sentences both survive", "[core][text]") {
  TextSequence a = typed(kAna, "The class read. The class wrote.");
  TextSequence b = a, c = a;
  REQUIRE(a.replace_all(kAna, "The whole class read aloud. The class wrote."));
  REQUIRE(b.replace_all(kBen, "The class read. The class wrote a summary."));
  REQUIRE(c.erase(kCara, 0, 0));
  sync(a, b);
  sync(b, c);
  sync(a, c);
  CHECK(c.text() == "The whole class read aloud. The class wrote a summary.");
}

TEST_CASE("an erasure and a concurrent insertion inside the erased passage: the insertion stays",
          "[core][text]") {
  TextSequence a = typed(kAna, "Pupil Y4-07 was unsettled today.");
  TextSequence b = a;
  REQUIRE(a.erase(kAna, 6, 6));  // "Y4-07 "
  REQUIRE(b.insert(kBen, 9, "/08"));
  sync(a, b);
  CHECK(a.text() == "Pupil /08was unsettled today.");
}

TEST_CASE("an erased passage leaves no byte of its text in the state", "[core][text]") {
  TextSequence t = typed(kAna, "Observed Tomasz Kowalczyk interrupting twice.");
  TextSequence peer = t;
  REQUIRE(t.erase(kAna, 9, 17));
  for (const std::string& bytes : {t.encode(), t.changes_since(peer.version())}) {
    CHECK(bytes.find("Tomasz") == std::string::npos);
    CHECK(bytes.find("Kowalczyk") == std::string::npos);
  }
  REQUIRE(peer.merge(t.changes_since(peer.version())));
  CHECK(peer.text() == "Observed interrupting twice.");
  CHECK(peer.encode().find("Kowalczyk") == std::string::npos);
}

TEST_CASE("a save of the whole field edits only the words that changed", "[core][text]") {
  TextSequence a = typed(kAna, "Plan: starter on fractions, then paired work, then plenary.");
  TextSequence b = a;
  REQUIRE(a.replace_all(kAna, "Plan: starter on fractions, then group work, then plenary."));
  REQUIRE(b.replace_all(kBen, "Plan: starter on decimals, then paired work, then plenary."));
  sync(a, b);
  CHECK(a.text() == "Plan: starter on decimals, then group work, then plenary.");
  REQUIRE(a.replace_all(kAna, ""));
  CHECK(a.text().empty());
  REQUIRE(a.replace_all(kAna, "Gone, then back."));
  CHECK(a.text() == "Gone, then back.");
}

TEST_CASE("changes since a version carry the change, not the history", "[core][text]") {
  std::string note;
  for (int i = 0; i < 40; ++i) note += "Sentence " + std::to_string(i) + " of a long note. ";
  TextSequence a = typed(kAna, note);
  TextSequence b = a;
  REQUIRE(a.insert(kAna, 10, "really "));
  const std::string changes = a.changes_since(b.version());
  CHECK(changes.size() < 60);
  CHECK(changes.find("really") != std::string::npos);
  REQUIRE(b.merge(changes));
  CHECK(b == a);
  // Idempotent: the same changes again change nothing.
  REQUIRE(b.merge(changes));
  CHECK(b == a);
}

TEST_CASE("changes whose base a replica lacks are refused until it has the whole text",
          "[core][text]") {
  TextSequence a = typed(kAna, "First draft.");
  const TextVersion before = a.version();
  REQUIRE(a.insert(kAna, 12, " Second."));
  TextSequence fresh;
  const Status refused = fresh.merge(a.changes_since(before));
  CHECK(refused.code() == StatusCode::kFailedPrecondition);
  CHECK(fresh.text().empty());
  REQUIRE(fresh.merge(a.encode()));
  CHECK(fresh == a);
}

TEST_CASE("damaged changes are refused and leave the text as it was", "[core][text]") {
  TextSequence a = typed(kAna, "Kept as it was.");
  TextSequence b = typed(kBen, "Another note.");
  const std::string good = b.encode();
  for (size_t cut = 0; cut < good.size(); ++cut) {
    const Status s = a.merge(good.substr(0, cut));
    CHECK(s.code() == StatusCode::kInvalidArgument);
  }
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    TextSequence copy = a;
    const Status s = copy.merge(bad);
    if (!s) CHECK(copy == a);
  }
  CHECK(a.text() == "Kept as it was.");
}

TEST_CASE("a stored state loads back equal", "[core][text]") {
  TextSequence a = typed(kAna, "Lesson study: joint plan.");
  REQUIRE(a.erase(kAna, 0, 14));
  REQUIRE(a.insert(kBen, 0, "Our "));
  auto loaded = TextSequence::load(a.encode());
  REQUIRE(loaded);
  CHECK(*loaded == a);
  CHECK(loaded->text() == "Our joint plan.");
  CHECK(loaded->version() == a.version());
  CHECK(TextSequence::load("\x01\x05").status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("two people rewriting one sentence concurrently do not interleave their words",
          "[core][text]") {
  TextSequence a = typed(kAna, "Start. The pupils read the text aloud. End.");
  TextSequence b = a;
  REQUIRE(a.replace_all(kAna, "Start. Every group chose a new book together. End."));
  REQUIRE(b.replace_all(kBen, "Start. Each child wrote a short story quickly. End."));
  sync(a, b);
  const std::string merged = a.text();
  INFO(merged);
  CHECK(merged.find("Every group chose a new book together") != std::string::npos);
  CHECK(merged.find("Each child wrote a short story quickly") != std::string::npos);
}

namespace {

// Changes written by hand in the format of core/src/text/text_codec.cpp, one site (id 0x5E),
// as a damaged or hostile peer might send them.
struct HandRun {
  uint8_t flags;
  uint64_t id_delta, length;
  std::vector<uint64_t> tail;  // varints after the length (origins, erasure)
  std::string text;            // written with its byte count when not empty
};

std::string hand_changes(const std::vector<HandRun>& runs) {
  std::string out(1, '\x01');
  triad::core::detail::put_varint(out, 1);
  for (int b = 0; b < 8; ++b) out += static_cast<char>(b == 0 ? 0x5E : 0);
  triad::core::detail::put_varint(out, 0);  // base
  triad::core::detail::put_varint(out, 0);  // version
  triad::core::detail::put_varint(out, runs.size());
  for (const HandRun& r : runs) {
    out += static_cast<char>(r.flags);
    if (!(r.flags & 32)) triad::core::detail::put_varint(out, 0);  // site index
    triad::core::detail::put_varint(out, r.id_delta);
    triad::core::detail::put_varint(out, r.length);
    for (uint64_t v : r.tail) triad::core::detail::put_varint(out, v);
    if (!r.text.empty()) triad::core::detail::put_string(out, r.text);
  }
  return out;
}

}  // namespace

TEST_CASE("changes claiming ids out of order or twice are refused, never crash", "[core][text]") {
  TextSequence t;
  // Characters 1 and 3 of one site, 2 missing (accepted: 2 may come later).
  REQUIRE(t.merge(hand_changes({{0x18, 0, 1, {}, "a"}, {0x34, 2, 1, {}, "b"}})));
  CHECK(t.text() == "ab");
  const std::string before = t.encode();
  // Then characters 1 to 4 erased: it holds 1 and 3 but not 2 and 4.
  const Status gap = t.merge(hand_changes({{0x1A, 0, 4, {0, 18}, ""}}));
  CHECK(gap.code() == StatusCode::kInvalidArgument);
  CHECK(t.encode() == before);
  // One message naming character 6 twice, in two runs.
  const Status twice = t.merge(hand_changes({{0x18, 10, 1, {}, "c"}, {0x18, 1, 3, {}, "def"}}));
  CHECK(twice.code() == StatusCode::kInvalidArgument);
  CHECK(t.encode() == before);
  // An erased run as long as the bound allows, plus one character: refused, nothing allocated.
  const Status too_long = t.merge(hand_changes({{0x1A, 100, (uint64_t{1} << 22), {0, 2}, ""}}));
  CHECK(too_long.code() == StatusCode::kInvalidArgument);
  CHECK(t.encode() == before);
}
