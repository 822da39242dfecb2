// The encoding of a TextSequence's state and of the changes one replica sends another (the
// format is specified in text_codec.cpp). Internal to core; pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/text_runs.h"
#include "triad/core/status.h"
#include "triad/core/text_sequence.h"

namespace triad::core::detail {

// A run as sent: its ids' site is an index into TextChanges::sites.
struct SentRun {
  Run run;
  bool erasure_only = false;  // characters the receiver holds: only run.erased_by is news
};

struct TextChanges {
  TextVersion base;     // what the receiver must hold for these changes to be complete
  TextVersion version;  // what the sender holds
  std::vector<SiteId> sites;
  std::vector<SentRun> runs;  // in the sender's document order
};

// What a replica holding `base` lacks of `runs`, encoded. Runs that continue each other are
// sent as one, so equal states encode to equal bytes.
std::string encode_changes(const RunList& runs, const TextVersion& base);

// Decodes and checks what encode_changes() wrote: ids and origins in range, text that is UTF-8
// of the stated length. kInvalidArgument otherwise.
Result<TextChanges> decode_changes(std::string_view bytes);

// The version of the sender that encode_changes() wrote (TextChanges::version), read from the
// header alone: what a whole state encoded by TextSequence::encode() holds, without decoding it.
Result<TextVersion> decode_version(std::string_view bytes);

}  // namespace triad::core::detail
