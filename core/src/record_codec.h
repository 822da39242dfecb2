// The persistent encoding of a record's fields (the `body` column of table `record`).
//
// Format, version 1 (all integers are LEB128 varints, strings are a varint length then bytes):
//   body    := count(fields) field*            fields in name order
//   field   := name kind(1 byte) payload
//   payload := kRegister|kText: count(versions) version*
//              kSet:            count(dots) dot*
//   version := value hlc site count(seen) (site hlc)*
//   dot     := element hlc site removed(1 byte)
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
