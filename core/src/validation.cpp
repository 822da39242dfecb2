#include "validation.h"

#include <algorithm>
#include <cctype>

namespace triad::core::detail {
namespace {

constexpr size_t kMaxLineLength = 500;
constexpr size_t kMaxLongTextLength = 200000;

std::string field_name(const TypeSpec& type, const FieldSpec& field) {
  return std::string(type.name) + "." + std::string(field.name);
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int year = std::atoi(std::string(s.substr(0, 4)).c_str());
  const int month = std::atoi(std::string(s.substr(5, 2)).c_str());
  const int day = std::atoi(std::string(s.substr(8, 2)).c_str());
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

// A plain decimal number as the schema means it: an optional minus, digits, and optionally a
// point followed by digits ("3", "-1", "2.5"). Not strtod, which also takes "1e3", "nan", "inf"
// and hexadecimal, forms that reports and spreadsheets read differently or not at all.
bool is_number(std::string_view s) {
  size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > start;
  };
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

std::string upper_ascii(std::string_view raw) {
  std::string out(raw);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string normalise_choice(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c == ' ' || c == '_')
      out += '-';
    else
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

bool is_pupil_code(std::string_view text) {
  if (text.empty() || text.size() > 16) return false;
  bool digit = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isdigit(u))
      digit = true;
    else if (!std::isalpha(u) && c != '-' && c != '_' && c != '/' && c != '.')
      return false;
  }
  return digit;
}

std::string list_choices(std::span<const std::string_view> choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += (i + 1 == choices.size()) ? " or " : ", ";
    out += choices[i];
  }
  return out;
}

Result<std::string> normalise_value(const TypeSpec& type, const FieldSpec& field,
                                    std::string_view raw, const ReferenceResolver& resolve) {
  if (raw.empty()) return std::string();
  const std::string name = field_name(type, field);
  switch (field.type) {
    case ValueType::kText:
      if (raw.find('\n') != std::string_view::npos)
        return invalid_argument(name + " is one line of text; put longer notes in a notes field");
      if (raw.size() > kMaxLineLength)
        return invalid_argument(name + " is longer than " + std::to_string(kMaxLineLength) +
                                " characters");
      return std::string(raw);
    case ValueType::kLongText:
      if (raw.size() > kMaxLongTextLength)
        return invalid_argument(name + " is longer than " + std::to_string(kMaxLongTextLength) +
                                " characters; split it into several entries");
      return std::string(raw);
    case ValueType::kNumber:
      if (!is_number(raw))
        return invalid_argument(name + " must be a number, not '" + std::string(raw) +
                                "': write it in plain decimal, such as 3 or 2.5");
      return std::string(raw);
    case ValueType::kDate:
      if (!is_date(raw))
        return invalid_argument(name +
                                " must be a date written YYYY-MM-DD (for example 2014-03-21), "
                                "not '" +
                                std::string(raw) + "'");
      return std::string(raw);
    case ValueType::kChoice: {
      const std::string value = normalise_choice(raw);
      if (std::find(field.choices.begin(), field.choices.end(), value) == field.choices.end())
        return invalid_argument(name + " must be one of " + list_choices(field.choices) +
                                ", not '" + std::string(raw) + "'");
      return value;
    }
    case ValueType::kPupilCode:
      if (!is_pupil_code(raw))
        return invalid_argument(
            name + ": '" + std::string(raw) +
            "' looks like a name. Record pupils only by the school's pseudonymous code, such as "
            "Y4-07 (letters, digits and '-', with at least one digit, no spaces)");
      return upper_ascii(raw);  // one pupil, one code: "y4-07" is Y4-07
    case ValueType::kPerson:
    case ValueType::kSchool:
    case ValueType::kRecord: {
      const std::string_view ref_type = field.type == ValueType::kPerson   ? "person"
                                        : field.type == ValueType::kSchool ? "school"
                                                                           : field.ref_type;
      auto id = resolve(ref_type, raw);
      if (!id) return Status(id.status().code(), name + ": " + id.status().message());
      return id->to_string();
    }
  }
  return std::string(raw);
}

}  // namespace triad::core::detail
