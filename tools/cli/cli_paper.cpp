// triad pdf: an observation, or a lesson study with its observations, on A4 paper (sync/paper).
#include <fmt/core.h>

#include "commands.h"
#include "device_writers.h"
#include "triad/paper/paper.h"

namespace triad::cli {

namespace {

struct PaperArgs {
  std::string id;
  std::string out;
  bool force = false;
};

int run_pdf(const CliContext& ctx, const PaperArgs& a) {
  int code = kExitOk;
  auto store = open_store(ctx, code);
  if (!store) return code;
  auto id = find_record(*store, a.id);
  if (!id) return report(id.status());
  const paper::PrintContext context{store->wall_ms(), client::device_writers(*store)};
  auto printed = paper::print_record(*store, *id, context);
  if (!printed) return report(printed.status());
  const std::string path = a.out.empty() ? printed->file_name : a.out;
  const core::Status saved = paper::save_pdf(printed->pdf, path, a.force);
  if (!saved) {
    const bool exists = saved.code() == core::StatusCode::kFailedPrecondition;
    fmt::print(stderr, "triad: {}{}\n", saved.message(),
               exists ? " (--force replaces it, or give another --out)" : "");
    return kExitBadInput;  // the output file, not the store: fix the path and run it again
  }
  fmt::print("wrote {} ({} page{} of A4)\n", path, printed->pages, printed->pages == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace

void add_paper_commands(CLI::App& app, CliContext& ctx, int& exit_code) {
  auto args = std::make_shared<PaperArgs>();
  auto* pdf = app.add_subcommand(
      "pdf",
      "Print an observation, or a lesson study with its observations, as a PDF for A4 paper\n"
      "(for the observed teacher's file): its fields and texts, a text in conflict as every\n"
      "version, who may see it, and on each page when and from which device it was printed.\n"
      "It holds only what this device's store holds.\n"
      "  triad pdf 0190c3a2 --out observation.pdf\n"
      "  triad pdf \"Questioning\"   (written as 'Observation 2014-03-21 Zoë Evans - "
      "Questioning.pdf')");
  pdf->add_option("id", args->id,
                  "the observation or lesson study: its id, a unique prefix or name")
      ->required();
  pdf->add_option("--out", args->out,
                  "the PDF file to write (default: a name made from the record, in the current "
                  "folder)");
  pdf->add_flag("--force", args->force, "replace the file if it exists (refused otherwise)");
  pdf->callback([&, args] { exit_code = run_pdf(ctx, *args); });
}

}  // namespace triad::cli
