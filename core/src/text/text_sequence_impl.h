// TextSequence's state, shared by its files: local edits (text_sequence.cpp) and merging a peer's
// changes (text_merge.cpp). Internal to core; not thread-safe.
#pragma once

#include "text/text_codec.h"
#include "text/text_runs.h"
#include "triad/core/text_sequence.h"

namespace triad::core {

struct TextSequence::Impl {
  detail::RunList runs;

  // The first of `count` new operation numbers of site index `site`.
  Status next_operations(uint32_t site, size_t count, uint64_t& first) const {
    first = runs.held(site) + 1;
    if (first + count - 1 > detail::kMostOperationsPerSite)
      return failed_precondition("this text has had too many edits from one device to take more");
    return Status::ok();
  }
  // Places a peer's run (ids in this sequence's site table, not held yet) by FugueMax's rule.
  void integrate(detail::Run run);
  // Joins decoded changes whose base this replica holds; kInvalidArgument, and nothing changed,
  // when they are inconsistent with what it holds.
  Status join(const detail::TextChanges& changes);
};

}  // namespace triad::core
