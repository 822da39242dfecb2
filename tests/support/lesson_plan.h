// A long joint plan for the tests of merging text sent as changes: about 11 KB of numbered steps,
// so a test edits one sentence by its number.
#pragma once

#include <string>

namespace triad::testing {

// Step `i` of the plan; `detail` in place of "in pairs" when given.
inline std::string plan_step(int i, const std::string& detail = "") {
  return "Step " + std::to_string(i) + ": pupils in group " + std::to_string(i % 7) +
         " discuss the question " + (detail.empty() ? "in pairs" : detail) +
         " and record their reasoning on the sheet. ";
}

// The plan, its step `edited` saying `detail`.
inline std::string long_plan(int edited = -1, const std::string& detail = "") {
  std::string out;
  for (int i = 0; i < 110; ++i) out += plan_step(i, i == edited ? detail : "");
  return out;
}

}  // namespace triad::testing
