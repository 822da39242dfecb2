// The only place core records become protobuf and back. Pure functions; thread-safe.
#pragma once

#include "triad/core/record.h"
#include "triad/core/status.h"
#include "triad/v1/sync.pb.h"

namespace triad::sync {

void to_proto(const core::RecordState& record, v1::Record& out);
// kInvalidArgument for ids of the wrong size, unknown scopes, field kinds no version has (0,
// over 255) or a version's value in the wrong place for its kind: a record that does not decode
// is refused whole, never stored in part. A field of a kind this version does not know (4-255,
// from a newer Triad) decodes, its versions' payloads kept as opaque bytes, and encodes back to
// the same bytes (sync.proto, FIELD KINDS).
core::Result<core::RecordState> from_proto(const v1::Record& record);

v1::ErrorCode to_error_code(core::StatusCode code);
core::StatusCode to_status_code(v1::ErrorCode code);

}  // namespace triad::sync
