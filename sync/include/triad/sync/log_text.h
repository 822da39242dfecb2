// Text for the hub's log. Whatever a peer chose (the name in its Hello, its error messages, what
// it put in records) may reach a log line; escape_for_log() makes the line safe to write and to
// show in a terminal. Hub::log applies it to every line. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace triad::sync {

// `text` with every byte that could break a log line or drive a terminal escaped: C0 controls
// (newline, carriage return, ESC ...) as \n, \r, \t or \xNN, DEL as \x7f, a backslash as \\, bytes
// that are not UTF-8 as \xNN, and the C1 controls, line separators and bidirectional overrides as
// \uNNNN. Printable UTF-8 (names with accents) is kept as it is.
std::string escape_for_log(std::string_view text);

}  // namespace triad::sync
