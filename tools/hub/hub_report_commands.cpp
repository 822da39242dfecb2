// triad-hub report: the alliance report as files; triad-hub login-link: a one-time sign-in link
// to the dashboard for a lead.
#include <fmt/core.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include "alliance_report.h"
#include "dashboard_auth.h"
#include "hub_commands.h"
#include "report_formats.h"
#include "triad/hub/hub.h"

namespace triad::hub_cli {

namespace {

struct ReportArgs {
  std::string format = "html", out_dir, token_id;
  int stale_days = 14;
};

core::Status write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out)
    return core::invalid_argument("cannot write " + path.string() +
                                  ": check the folder exists and is writable");
  return core::Status::ok();
}

std::vector<report::ReportFile> files_for(const report::AllianceReport& r,
                                          const std::string& format) {
  if (format == "csv") return report::report_csv(r);
  if (format == "json") return {{"report.json", report::report_json(r)}};
  return {{"report.html", report::report_html(r)}};
}

int run_report(const HubContext& ctx, const ReportArgs& a) {
  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  if (ec || !std::filesystem::is_directory(a.out_dir))
    return fail(core::invalid_argument("cannot use " + a.out_dir + " as the output folder: " +
                                       (ec ? ec.message() : "it is not a folder")));
  auto hub = sync::Hub::open(db_path(ctx));
  if (!hub) return fail(hub.status());
  report::ReportOptions o;
  o.stale_days = a.stale_days;
  auto r = report::compute_alliance_report((*hub)->store(), (*hub)->devices(), o);
  if (!r) return fail(r.status());
  for (const report::ReportFile& f : files_for(*r, a.format)) {
    const auto path = std::filesystem::path(a.out_dir) / f.name;
    if (auto s = write_file(path, f.content); !s.is_ok()) return fail(s);
    fmt::print("wrote {} ({} bytes)\n", path.string(), f.content.size());
  }
  return 0;
}

int run_login_link(const HubContext& ctx, const ReportArgs& a) {
  auto hub = sync::Hub::open(db_path(ctx));
  if (!hub) return fail(hub.status());
  auto code = dashboard::create_login_link((*hub)->devices(), a.token_id,
                                           static_cast<uint64_t>(std::time(nullptr)) * 1000);
  if (!code) return fail(code.status());
  fmt::print("/login?code={}\n", *code);
  fmt::print(stderr,
             "Add this to the dashboard's address (https://HOST:PORT). It signs in once, within {} "
             "minutes.\n",
             dashboard::kLoginLinkLifetime.count());
  return 0;
}

}  // namespace

void add_report_commands(CLI::App& app, HubContext& ctx, int& exit_code) {
  auto a = std::make_shared<ReportArgs>();
  auto* report = app.add_subcommand("report",
                                    "Write the alliance report (sync health, activity, enquiries) "
                                    "as files for a cluster meeting.");
  report
      ->add_option("--format", a->format,
                   "csv (one file per table), json or html (one self-contained page)")
      ->check(CLI::IsMember({"csv", "json", "html"}));
  report->add_option("--out", a->out_dir, "the folder to write into (created if missing)")
      ->required();
  report
      ->add_option("--stale-days", a->stale_days,
                   "flag schools not synced for longer than this (default 14)")
      ->check(CLI::Range(1, 3650));
  report->callback([&, a] { exit_code = run_report(ctx, *a); });

  auto* link = app.add_subcommand(
      "login-link", "Print a one-time sign-in link to the dashboard for a lead's token.");
  link->add_option("token_id", a->token_id,
                   "the lead's token id (shown by enroll --role lead and devices)")
      ->required();
  link->callback([&, a] { exit_code = run_login_link(ctx, *a); });
}

}  // namespace triad::hub_cli
