#include "triad/core/store_format.h"

#include "store_schema.h"

namespace triad::core {

uint32_t store_format_version() { return static_cast<uint32_t>(detail::current_schema_version()); }

}  // namespace triad::core
