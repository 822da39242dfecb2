#include "triad/core/csv.h"

#include <cctype>

namespace triad::core {

namespace {

bool is_plain_number(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  size_t digits = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])))
      ++digits;
    else if (s[i] == '.' && !point)
      point = true;
    else
      return false;
  }
  return digits > 0;
}

bool runs_as_formula(std::string_view s) {
  return !s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos &&
         !is_plain_number(s);
}

}  // namespace

std::string csv_cell(std::string_view text) {
  const bool formula = runs_as_formula(text);
  if (!formula && text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = formula ? "\"'" : "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Result<std::vector<CsvRow>> parse_csv(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool quoted = false, was_quoted = false;
  size_t line = 1;
  row.line = 1;
  auto end_cell = [&] {
    // csv_cell's apostrophe before a formula's first character is not part of the text.
    if (was_quoted && cell.size() >= 2 && cell[0] == '\'' && runs_as_formula(cell.substr(1)))
      cell.erase(0, 1);
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_row = [&] {
    end_cell();
    const bool blank = row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) rows.push_back(std::move(row));
    row = CsvRow{};
    row.line = line;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
        if (i + 1 < text.size() &&
            std::string_view(",\r\n").find(text[i + 1]) == std::string_view::npos)
          return invalid_argument("line " + std::to_string(line) +
                                  ": text after a closing quote (a quote inside a cell is written "
                                  "twice: \"\")");
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the \n ends the row
    } else if (c == '\n' || c == '\r') {
      ++line;
      end_row();
    } else {
      cell += c;
    }
  }
  if (quoted)
    return invalid_argument("line " + std::to_string(row.line) +
                            ": a quoted cell is never closed (a quote is missing)");
  if (!cell.empty() || !row.cells.empty() || was_quoted) end_row();
  return rows;
}

}  // namespace triad::core
