// triad import: records from a CSV file (core/import.h), with a dry run that lists what would be
// made, each problem with its row and column, and progress on long files.
#include <fmt/core.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "commands.h"
#include "triad/core/import.h"

namespace triad::cli {

namespace {

struct ImportArgs {
  std::string type, file, school;
  bool dry_run = false;
};

int run_import(const CliContext& ctx, const ImportArgs& a) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "triad: cannot read {}\n", a.file);
    return kExitBadInput;
  }
  std::ostringstream text;
  text << in.rdbuf();
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  core::ImportOptions o;
  o.type = a.type;
  o.dry_run = a.dry_run;
  o.school = a.school;
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  o.progress = [&](size_t done, size_t total) {
    if (total < 1000) return;
    if (terminal)  // one line, rewritten
      fmt::print(stderr, "\r  {} of {} rows{}", done, total, done == total ? "\n" : "");
    else
      fmt::print(stderr, "  {} of {} rows\n", done, total);
  };
  auto r = core::import_csv(*store, text.str(), o);
  if (!r) return report(r.status());
  if (!r->ignored_columns.empty()) {
    std::string names;
    for (const std::string& c : r->ignored_columns) names += (names.empty() ? "" : ", ") + c;
    fmt::print("ignored columns (not fields of {}): {}\n", a.type, names);
  }
  if (!r->problems.empty()) {
    for (const core::ImportProblem& p : r->problems)
      fmt::print(stderr, "row {}{}: {}\n", p.line,
                 p.column.empty() ? "" : ", column '" + p.column + "'", p.message);
    fmt::print(stderr,
               "nothing was imported: {} of {} rows have a problem; fix them and run again\n",
               r->problems.size(), r->rows);
    return kExitBadInput;
  }
  if (a.dry_run)
    for (const auto& [line, label] : r->created)
      fmt::print("row {}: would create {} {}\n", line, a.type, label);
  for (const auto& [line, label] : r->already)
    fmt::print("row {}: {} is already here, not created again\n", line, label);
  fmt::print("{} {} {} record{} from {} rows; {} already here\n",
             a.dry_run ? "dry run: would create" : "created", r->created.size(), a.type,
             r->created.size() == 1 ? "" : "s", r->rows, r->already.size());
  return kExitOk;
}

}  // namespace

void add_import_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto a = std::make_shared<ImportArgs>();
  auto* import = app.add_subcommand(
      "import",
      "Create records from a CSV file (UTF-8, with or without a byte order mark): a staff roster\n"
      "exported from a school's MIS (triad import person staff.csv --school NAME), or\n"
      "observations kept in a spreadsheet (triad import observation lessons.csv). The first row\n"
      "names the columns: field names or titles (Observed teacher), and for people Forename and\n"
      "Surname; other columns are ignored. Sets take values separated by ; or ,. The file is\n"
      "imported whole or not at all, and a row already in the store is not created again.");
  import->add_option("type", a->type, "the record type of every row (person, observation, ...)")
      ->required();
  import->add_option("file", a->file, "the CSV file")->required();
  import->add_flag("--dry-run", a->dry_run, "check every row and list what would be created");
  import->add_option("--school", a->school,
                     "people: their school, when the file has no School column");
  import->callback([&, a] { exit_code = run_import(ctx, *a);
});
}  // namespace triad::cli

}  // namespace triad::cli
