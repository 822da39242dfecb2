// Which field a refused save is about, and the words to show beside that field: the store's
// messages name the field ("observation.date must be a date written YYYY-MM-DD", "observation
// needs observed_teacher ..."), and a form shows the rest of the sentence under the field, not in
// a dialog. Used by every UI's form. Values only; thread-safe.
#pragma once

#include <string>

#include "triad/core/schema.h"
#include "triad/core/status.h"

namespace triad::desktop {

struct FieldRefusal {
  std::string field;     // "" when the message names no field of the type
  std::string beside;    // the message without "type.field", capitalised ("Must be a date ..."),
                         // with advice given for the CLI ("triad add person") said for the app
  bool missing = false;  // a required field left empty
};

FieldRefusal field_refusal(const core::TypeSpec& type, const core::Status& status);

}  // namespace triad::desktop
