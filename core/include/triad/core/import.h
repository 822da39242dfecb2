// Records imported from a CSV file: a school's staff roster exported from its MIS, or
// observations kept in a spreadsheet. The first row names the columns: a field's name or title
// ("observed_teacher", "Observed teacher"); for people also Forename and Surname (joined into the
// name) and a school given for the whole file; other columns are listed as ignored. A set's
// elements are separated by ';' or ','. Each row is checked as `triad add` checks it; the file
// is imported whole or not at all, and a row already in the store (a person or school of that
// name, or a record with the same values in every column) is not created again, so importing a
// file twice creates nothing the second time. Not thread-safe (writes through the store).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "triad/core/store.h"

namespace triad::core {

struct ImportOptions {
  std::string type;      // the record type of every row ("person", "observation", ...)
  bool dry_run = false;  // check every row and say what would be made; write nothing
  std::string school;    // people: their school when the file has no school column
  std::function<void(size_t done, size_t total)> progress;  // every few hundred rows
};

struct ImportProblem {
  size_t line = 0;      // the row's line in the file
  std::string column;   // the column at fault as the file names it ("" for the whole row)
  std::string message;  // what is wrong and how to fix it
};

struct ImportReport {
  size_t rows = 0;
  std::vector<std::pair<size_t, std::string>> created;  // line, label ("Ben Lee")
  std::vector<std::pair<size_t, std::string>> already;  // line, label: in the store before
  std::vector<std::string> ignored_columns;
  std::vector<ImportProblem> problems;  // when any, nothing was written
};

// kInvalidArgument for a file that is not CSV or names no column of the type; problems with the
// rows are in the report (and then nothing is written).
Result<ImportReport> import_csv(Store& store, std::string_view csv_text,
                                const ImportOptions& options);

}  // namespace triad::core
