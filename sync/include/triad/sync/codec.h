// The only place core records become protobuf and back. Pure functions; thread-safe.
#pragma once

#include "triad/core/record.h"
#include "triad/core/status.h"
#include "triad/v1/sync.pb.h"

namespace triad::sync {

void to_proto(const core::RecordState& record, v1::Record& out);
// kInvalidArgument for ids of the wrong size, unknown field kinds or scopes: a record that does
// not decode is refused whole, never stored in part.
core::Result<core::RecordState> from_proto(const v1::Record& record);

v1::ErrorCode to_error_code(core::StatusCode code);
core::StatusCode to_status_code(v1::ErrorCode code);

}  // namespace triad::sync
