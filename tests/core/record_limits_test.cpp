// The limits a record must keep (record_limits.h), on records a peer may send as it likes.
#include "triad/core/record_limits.h"

#include <catch2/catch.hpp>

using namespace triad::core;

// Found by a review: the refusal's advice for a merged long text read the first version of every
// merging text field, and a peer can send one with none (the hub checks a push before merging).
TEST_CASE("an oversized record with an empty merging text field is refused, not crashed on",
          "[core][limits]") {
  RecordState r;
  r.header.id = RecordId::derive("test", "limits");
  r.header.type = "observation";
  r.fields["feedback"] = FieldState{FieldKind::kMergingText, {}, {}};
  FieldState& notes = r.fields["notes"];
  notes.kind = FieldKind::kMergingText;
  notes.versions.push_back({std::string(1, '\x01') + std::string(600'000, 'x'), {5, 1}, {{1, 5}}});
  const Status s = check_record_limits(r);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message().find("larger than 512 KiB") != std::string::npos);
}
