// The one rule for writing a CSV cell (RFC 4180) that a spreadsheet opens as the text it holds:
// used by `triad export --format csv` (core/src/export.cpp) and the hub's report files and
// dashboard (sync/hub/report/report_csv.cpp). Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace triad::core {

// `text` as one CSV cell. A cell holding a comma, a quote, CR or LF is quoted (quotes doubled).
// A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or CR) is quoted
// with a leading apostrophe, which spreadsheets show as text: "=1+2" becomes "'=1+2". A plain
// decimal number ("-3", "+2.5") is no formula and is written as it is.
std::string csv_cell(std::string_view text);

// The UTF-8 byte order mark: Excel on Windows reads a CSV file as UTF-8 only when it starts
// with it (else "Zoë" shows as "ZoÃ«").
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace triad::core
