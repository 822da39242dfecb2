// Bounds on one record's state, so that no peer can make a store do unbounded work (merging is
// quadratic in a text field's versions) or build a record that no longer fits in a frame. A hub
// checks every pushed record against them before merging it. Thread-safe: pure functions.
#pragma once

#include <cstddef>

#include "triad/core/record.h"
#include "triad/core/status.h"

namespace triad::core {

constexpr size_t kMaxRecordBytes = 512 * 1024;  // encoded state
constexpr size_t kMaxFields = 256;
constexpr size_t kMaxTextVersions = 16;  // concurrent versions kept as conflicts
constexpr size_t kMaxSeenEntries = 256;  // sites that wrote one text field
constexpr size_t kMaxSetDots = 10'000;

// kInvalidArgument naming the bound a record exceeds.
Status check_record_limits(const RecordState& record);

}  // namespace triad::core
