// The version of the store's on-disk format, for what a device tells others about its store (a
// sync Hello, support reports). The format itself is specified in core/src/store_schema.cpp.
// Thread-safe: a pure function.
#pragma once

#include <cstdint>

namespace triad::core {

// The store format this build writes. Every store it opens is at this format: an older one is
// upgraded in place when opened, and a newer one is not opened at all.
uint32_t store_format_version();

}  // namespace triad::core
