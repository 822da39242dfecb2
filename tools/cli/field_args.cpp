#include "field_args.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace triad::cli {

namespace {

bool is_field_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  for (auto& e : out) {  // trim
    while (!e.empty() && e.front() == ' ') e.erase(e.begin());
    while (!e.empty() && e.back() == ' ') e.pop_back();
  }
  return out;
}

// More than any field holds (200,000 characters of notes): reading stops there.
constexpr size_t kMaxValueFileBytes = 1 << 20;

std::string without_final_line_break(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

core::Result<std::string> read_limited(std::istream& in, const std::string& what) {
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxValueFileBytes)
      return core::failed_precondition(
          what +
          " is larger than 1 MiB, more than a field can hold (notes take up to "
          "200,000 characters): split it into several entries");
  }
  if (in.bad())
    return core::failed_precondition("cannot read " + what + ": " + std::strerror(errno));
  return without_final_line_break(std::move(text));
}

}  // namespace

core::Result<std::string> read_value(const std::string& key_op, const std::string& value,
                                     bool& stdin_used) {
  if (value.rfind("@@", 0) == 0) return value.substr(1);
  if (value.empty() || value.front() != '@') return value;
  const std::string path = value.substr(1);
  if (path == "-") {
    if (stdin_used)
      return core::invalid_argument("standard input gives one value only: '" + key_op + value +
                                    "' is the second @-; give the other value from a file (@FILE)");
    stdin_used = true;
    return read_limited(std::cin, "standard input");
  }
  const std::string literal =
      "; to write a value that starts with @, double it: " + key_op + "@" + value;
  if (path.empty())
    return core::invalid_argument("'" + key_op + value + "' names no file after @" + literal);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return core::failed_precondition("cannot read the file '" + path + "' for " + key_op + value +
                                     ": it is a folder" + literal);
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return core::failed_precondition("cannot read the file '" + path + "' for " + key_op + value +
                                     ": " + std::strerror(errno) + literal);
  return read_limited(file, "the file '" + path + "'");
}

core::Result<core::FieldEdits> parse_field_args(const std::vector<std::string>& args,
                                                const core::TypeSpec* type) {
  core::FieldEdits edits;
  bool stdin_used = false;
  for (const std::string& arg : args) {
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      return core::invalid_argument("'" + arg + "' is not a field edit: write field=value, " +
                                    "set_field+=element or set_field-=element");
    core::FieldEdit e;
    std::string key = arg.substr(0, eq);
    if (key.back() == '+' || key.back() == '-') {
      e.op = key.back() == '+' ? core::FieldEdit::Op::kAdd : core::FieldEdit::Op::kRemove;
      key.pop_back();
    }
    if (!is_field_name(key))
      return core::invalid_argument("'" + key + "' in '" + arg +
                                    "' is not a field name (lower-case letters, digits and _)");
    e.field = key;
    auto value = read_value(arg.substr(0, eq + 1), arg.substr(eq + 1), stdin_used);
    if (!value) return value.status();
    e.value = std::move(value.value());
    const core::FieldSpec* spec = type ? type->field(key) : nullptr;
    if (e.op == core::FieldEdit::Op::kAssign && spec && spec->kind == core::FieldKind::kSet) {
      for (std::string& element : split_commas(e.value)) {
        if (element.empty() && !e.value.empty()) continue;
        edits.push_back({key, core::FieldEdit::Op::kAssign, std::move(element)});
      }
      continue;
    }
    edits.push_back(std::move(e));
  }
  return edits;
}

}  // namespace triad::cli
