// How a device token reaches `triad` and `triad-hub` without ever being on a command line (where
// `ps` shows it to every user and the shell keeps it in its history): from a file
// (`--token-file FILE`), from standard input (`--token-file -`; typed without echo on a
// terminal), or from the environment variable TRIAD_TOKEN. A `--token VALUE` is refused with
// the message below. Used by `triad init`, `triad config token`, `triad sync` and
// `triad-hub sync-up`. Not thread-safe (reads standard input and the environment).
#pragma once

#include <optional>
#include <string>

#include "triad/core/status.h"

namespace triad::client {

inline constexpr const char* kTokenEnvironmentVariable = "TRIAD_TOKEN";

// The token read from `token_file` ("-": standard input) when it is not "", else from
// $TRIAD_TOKEN when that is set and not empty; nullopt when neither gives one. Surrounding
// whitespace is dropped. kInvalidArgument, naming where it came from, when it is empty or not of
// the form ID.SECRET that `triad-hub enroll` prints; kNotFound when the file cannot be read.
core::Result<std::optional<std::string>> read_token(const std::string& token_file);

// What `program` ("triad", "triad-hub") says to a token given on its command line, and why.
std::string token_on_command_line_refusal(const std::string& program);

// "ID" of "ID.SECRET": what may be shown of a token once `triad-hub enroll` has printed it.
std::string token_id(const std::string& token);

}  // namespace triad::client
