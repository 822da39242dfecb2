#include "triad/core/csv.h"

#include <algorithm>
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

// What csv_cell writes after an apostrophe: a formula, and a formula after apostrophes of its own
// ('=x, kept as ''=x), so that parse_csv, which drops one apostrophe before either, reads back
// exactly the text written.
bool escaped_by_apostrophe(std::string_view s) {
  while (!s.empty() && s.front() == '\'') s.remove_prefix(1);
  return runs_as_formula(s);
}

}  // namespace

std::string csv_cell(std::string_view text) {
  const bool formula = escaped_by_apostrophe(text);
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
    if (was_quoted && cell.size() >= 2 && cell[0] == '\'' && escaped_by_apostrophe(cell.substr(1)))
      cell.erase(0, 1);
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_row = [&] {
    end_cell();
    // A blank line, or a row of empty cells as spreadsheets write below a table (",,,").
    const bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                                   [](const std::string& c) { return c.empty(); });
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
        // A line break in a quoted cell: LF, CRLF (counted at its LF) or a lone CR.
        if (c == '\n' || (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++line;
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
