// A hub in memory with one enrolled device, shared by the fuzz targets. A Hello whose token is
// "VALID" is given the real token, so the fuzzer reaches the states after authentication.
#pragma once

#include <memory>
#include <string>

#include "triad/hub/hub.h"

namespace triad::fuzz {

struct FuzzHub {
  std::unique_ptr<sync::Hub> hub;
  std::string token;
  core::RecordId school, person;
};

// Built once per process (libFuzzer runs many inputs in one process).
FuzzHub& fuzz_hub();

}  // namespace triad::fuzz
