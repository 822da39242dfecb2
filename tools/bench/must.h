// The benchmarks stop at the first failure: must() turns a Status or Result into its value or
// an exception naming the step, which main() prints.
#pragma once

#include <stdexcept>
#include <string>

#include "triad/core/status.h"

namespace triad::bench {

template <class T>
T must(core::Result<T> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": " + r.status().message());
  return std::move(r).value();
}

inline void must(const core::Status& s, const std::string& what) {
  if (!s.is_ok()) throw std::runtime_error(what + ": " + s.message());
}

}  // namespace triad::bench
