// The one rule for writing a CSV cell (RFC 4180) that a spreadsheet opens as the text it holds:
// used by `triad export --format csv` (core/src/export.cpp) and the hub's report files and
// dashboard (sync/hub/report/report_csv.cpp); and reading CSV back, for `triad import`
// (core/src/import_csv.cpp). Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "triad/core/status.h"

namespace triad::core {

// `text` as one CSV cell. A cell holding a comma, a quote, CR or LF is quoted (quotes doubled).
// A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or CR) is quoted
// with a leading apostrophe, which spreadsheets show as text: "=1+2" becomes "'=1+2" (and "'=1+2"
// itself "''=1+2"). A plain decimal number ("-3", "+2.5") is no formula and is written as it is.
std::string csv_cell(std::string_view text);

// The UTF-8 byte order mark: Excel on Windows reads a CSV file as UTF-8 only when it starts
// with it (else "Zoë" shows as "ZoÃ«").
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One row of a CSV file as read: its cells, and the line it starts on (a quoted cell may hold
// line breaks), for messages.
struct CsvRow {
  size_t line = 0;
  std::vector<std::string> cells;
};

// Reads CSV text (RFC 4180: quoted cells with doubled quotes and line breaks; CRLF or LF; a UTF-8
// byte order mark at the start skipped). A cell written by csv_cell as text (a leading apostrophe
// before =, +, -, @) reads back without the apostrophe. Blank lines, and rows of empty cells, are
// skipped. kInvalidArgument
// naming the line for a quote left open or text after a closing quote.
Result<std::vector<CsvRow>> parse_csv(std::string_view text);

}  // namespace triad::core
