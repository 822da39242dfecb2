#include "field_args.h"

#include <cctype>

namespace triad::cli {

namespace {

bool is_field_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '_')
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

}  // namespace

core::Result<core::FieldEdits> parse_field_args(const std::vector<std::string>& args,
                                                const core::TypeSpec* type) {
  core::FieldEdits edits;
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
    e.value = arg.substr(eq + 1);
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
