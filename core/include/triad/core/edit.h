// A local edit of one field, as a person asks for it ("focus=Questioning", "members+=Ana Diaz").
//
// Values are text as typed; the store validates and normalises them against the schema (choices,
// dates, pupil codes) and resolves references (an id, or the name/title of the record). Values
// only; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace triad::core {

struct FieldEdit {
  enum class Op {
    kAssign,  // register/text: set the value ("" clears). set: all kAssign edits of one field in
              // one call together become the set's exact contents
    kAdd,     // set: add one element
    kRemove,  // set: remove one element
  };
  std::string field;
  Op op = Op::kAssign;
  std::string value;
};

using FieldEdits = std::vector<FieldEdit>;

}  // namespace triad::core
