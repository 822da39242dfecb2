// The persistent encoding of a record's fields (the `body` column of table `record`).
//
// Format, version 1 (all integers are LEB128 varints, strings are a varint length then bytes):
//   body    := count(fields) field*            fields in name order
//   field   := name kind(1 byte, 1-255) payload
//   payload := kSet:           count(dots) dot*
//              any other kind: count(versions) version*
//   version := value hlc site count(seen) (site hlc)*
//   dot     := element hlc site removed(1 byte)
// Every kind but kSet is a list of versions: kRegister, kText, and the kinds of later versions,
// whose values are opaque bytes to a version that does not know them. So a body holding a kind
// this version does not know is read, kept and written back unchanged (field_kind_table.h).
// Each kind's payload is encoded by its entry in field_kind_table.cpp.
// Internal to core. Thread-safe: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "triad/core/record.h"
#include "triad/core/status.h"

namespace triad::core::detail {

std::string encode_fields(const std::map<std::string, FieldState>& fields);
Result<std::map<std::string, FieldState>> decode_fields(std::string_view body);

}  // namespace triad::core::detail
