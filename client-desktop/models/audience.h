// Who may see a record, in the words a teacher uses instead of scope names. Thread-safe: pure.
#pragma once

#include <QObject>
#include <QString>

#include "triad/core/schema.h"

namespace triad::desktop {

// "Only me", "People it names", "My school", "The whole alliance".
inline QString audience_words(core::Scope scope) {
  switch (scope) {
    case core::Scope::kPrivate:
      return QObject::tr("Only me");
    case core::Scope::kParticipants:
      return QObject::tr("People it names");
    case core::Scope::kSchool:
      return QObject::tr("My school");
    case core::Scope::kAlliance:
      return QObject::tr("The whole alliance");
  }
  return {};
}

}  // namespace triad::desktop
