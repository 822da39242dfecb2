// Core's strings (UTF-8 std::string and string_view) as Qt's QString. Thread-safe: pure.
#pragma once

#include <QString>
#include <string_view>

namespace triad::desktop {

inline QString to_qt(std::string_view text) {
  return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

}  // namespace triad::desktop
