// Core's strings (UTF-8 std::string and string_view) as Qt's QString, and field names as a
// teacher reads them. Thread-safe: pure.
#pragma once

#include <QString>
#include <string_view>

namespace triad::desktop {

inline QString to_qt(std::string_view text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// "observed_teacher" -> "Observed teacher"
inline QString field_title(std::string_view name) {
  QString title = to_qt(name).replace('_', ' ');
  if (!title.isEmpty()) title[0] = title[0].toUpper();
  return title;
}

}  // namespace triad::desktop
