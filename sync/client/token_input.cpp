#include "token_input.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "triad/sync/token.h"

namespace triad::client {

namespace {

std::string trimmed(std::string s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// One line typed at the terminal, not echoed.
std::string read_hidden_line() {
  std::fprintf(stderr, "Device token (from triad-hub enroll; it is not shown as you type): ");
  std::fflush(stderr);
  termios before{};
  const bool terminal = ::tcgetattr(STDIN_FILENO, &before) == 0;
  if (terminal) {
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
  std::fprintf(stderr, "\n");
  return line;
}

core::Result<std::string> read_file_token(const std::string& token_file) {
  if (token_file == "-") {
    if (::isatty(STDIN_FILENO)) return read_hidden_line();
    std::string first;
    std::getline(std::cin, first);
    return first;
  }
  std::ifstream in(token_file);
  if (!in)
    return core::not_found("cannot read the token file " + token_file + ": " +
                           std::strerror(errno));
  std::string first;
  std::getline(in, first);
  return first;
}

}  // namespace

core::Result<std::optional<std::string>> read_token(const std::string& token_file) {
  std::string token, from;
  if (!token_file.empty()) {
    auto read = read_file_token(token_file);
    if (!read) return read.status();
    token = trimmed(std::move(read.value()));
    from = token_file == "-" ? "standard input" : "the file " + token_file;
  } else if (const char* env = std::getenv(kTokenEnvironmentVariable); env && *env) {
    token = trimmed(env);
    from = std::string("the environment variable ") + kTokenEnvironmentVariable;
  } else {
    return std::optional<std::string>();
  }
  if (token.empty()) return core::invalid_argument("no device token in " + from);
  if (auto parsed = sync::parse_token(token); !parsed)
    return core::invalid_argument(
        "the device token in " + from +
        " is not of the form ID.SECRET that triad-hub enroll prints (8 and 32 "
        "lower-case hex digits)");
  return std::optional(token);
}

std::string token_on_command_line_refusal(const std::string& program) {
  return "a token on the command line is shown by `ps` to every user of this computer and kept in "
         "the "
         "shell's history, so " +
         program +
         " does not take it there (it was not used). Give it with "
         "--token-file FILE, with --token-file - (standard input; typed without echo on a "
         "terminal), or in the "
         "environment variable TRIAD_TOKEN. If it was typed on a shared computer, ask the hub "
         "admin to revoke "
         "it and enrol the device again";
}

std::string token_id(const std::string& token) { return token.substr(0, token.find('.')); }

}  // namespace triad::client
