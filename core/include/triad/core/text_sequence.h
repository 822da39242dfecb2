// A text that merges character by character: the state of a long-text field (notes, a joint
// plan) that two teachers may edit offline at once, both edits kept.
//
// The algorithm is FugueMax (Weidner, Gentle and Kleppmann, "The Art of the Fugue", 2023) in its
// list form: each character has an id (the site that typed it, that site's operation number)
// and two origins, the characters it was typed between. Concurrent insertions at one place are
// ordered so that neither author's words interleave with the other's. An erased character stays
// as a tombstone of ids only: its content is dropped at once, and a tombstone holds nothing a
// person wrote. Characters typed one after another by one site are kept and encoded as one run,
// so a typed note costs little more than its text.
//
// Every site numbers its operations on one text 1, 2, 3 ... (an insertion takes one number per
// character, an erasure one per call), and a replica that holds a site's operation n holds all of
// that site's earlier ones: a TextVersion says what a replica holds. changes_since() encodes what
// a replica holding a given version lacks, so a change to one sentence sends that sentence, not
// the note's history. The encoding is specified in core/src/text/text_codec.cpp.
//
// Thread-safe: no; a TextSequence is a value used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "triad/core/clock.h"
#include "triad/core/status.h"

namespace triad::core {

// For each site, how many of its operations on a text a replica holds (all of 1..n). Sorted by
// site, one entry per site, no zero counts.
using TextVersion = std::vector<std::pair<SiteId, uint64_t>>;

// Whether a replica holding `have` holds everything a replica holding `need` holds.
bool covers(const TextVersion& have, const TextVersion& need);

class TextSequence {
 public:
  TextSequence();
  ~TextSequence();
  TextSequence(const TextSequence& other);
  TextSequence& operator=(const TextSequence& other);
  // A sequence moved from may only be assigned to or destroyed.
  TextSequence(TextSequence&&) noexcept;
  TextSequence& operator=(TextSequence&&) noexcept;

  // The text, UTF-8, and its length in characters (Unicode code points).
  std::string text() const;
  size_t size() const;
  // How many characters were typed and erased since (kept as tombstones of ids, no text).
  size_t erased() const;

  // Local edits by `site` at character positions. kInvalidArgument for a position or count past
  // the end, or text that is not UTF-8; the sequence is then unchanged.
  Status insert(SiteId site, size_t pos, std::string_view utf8);
  Status erase(SiteId site, size_t pos, size_t count);
  // Makes the text `new_text` by the insertions and erasures a word diff finds, so a person who
  // saved a whole form field edits only the words they changed, and a colleague's concurrent
  // edit elsewhere in the text survives.
  Status replace_all(SiteId site, std::string_view new_text);

  // Which operations this replica holds.
  TextVersion version() const;

  // What a replica holding `base` lacks: every character inserted and every erasure made since,
  // in the encoding of text_codec.cpp. changes_since({}) is the whole state; so is encode().
  std::string changes_since(const TextVersion& base) const;
  std::string encode() const { return changes_since({}); }

  // Joins changes (or a whole state) from changes_since() into this replica. Commutative,
  // associative and idempotent over whole states: replicas that merged the same states hold
  // equal sequences whatever the order. kFailedPrecondition when this replica does not hold the
  // changes' base (it needs the whole state); kInvalidArgument when the bytes are damaged or
  // inconsistent. On error the sequence is unchanged.
  Status merge(std::string_view changes);
  Status merge(const TextSequence& other) { return merge(other.encode()); }

  // A sequence from encode() of a state this replica wrote itself (its own store): loaded in
  // document order, without the checks merge() makes of a peer's bytes.
  static Result<TextSequence> load(std::string_view encoded);

  // Equal states: the same characters, tombstones, ids and origins in the same order.
  bool operator==(const TextSequence& other) const;

  // For benchmarks and tests: how many runs the sequence is kept as in memory.
  size_t run_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace triad::core
