#include "cli_context.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "credentials.h"
#include "store_path.h"

namespace triad::cli {

std::string default_db_path() { return client::default_store_path(); }

int exit_code_for(core::StatusCode code) {
  switch (code) {
    case core::StatusCode::kOk:
      return kExitOk;
    case core::StatusCode::kInvalidArgument:
    case core::StatusCode::kNotFound:
    case core::StatusCode::kFailedPrecondition:
    case core::StatusCode::kClockAhead:
    case core::StatusCode::kUnauthenticated:
      return kExitBadInput;
    case core::StatusCode::kBusy:
    case core::StatusCode::kStoreError:
    case core::StatusCode::kCorrupt:
      return kExitStore;
    case core::StatusCode::kUnavailable:
      return kExitNetwork;
  }
  return kExitStore;
}

int report(const core::Status& status) {
  if (status.is_ok()) return kExitOk;
  fmt::print(stderr, "triad: {}\n", status.message());
  return exit_code_for(status.code());
}

std::string unknown_command(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--db") {  // the one top-level option that takes a value
      ++i;
      continue;
    }
    if (word.rfind("-", 0) == 0) continue;
    try {
      app.get_subcommand(word);
      return {};
    } catch (const CLI::OptionNotFound&) {
      return word;
    }
  }
  return {};
}

namespace {

// Edits (insert, delete, substitute, swap two neighbours) between two words, ignoring case.
size_t typo_distance(const std::string& a, const std::string& b) {
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::string no_such_command(CLI::App& app, const std::string& word) {
  std::string known, closest;
  size_t best = std::string::npos;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    known += " " + sub->get_name();
    const size_t d = typo_distance(word, sub->get_name());
    if (d < best) best = d, closest = sub->get_name();
  }
  // A typo is a slip or two: "snyc", "stauts", "confg". Further off it is another word.
  const bool typo = best <= std::max<size_t>(1, std::min<size_t>(2, closest.size() / 3));
  return "there is no command '" + word + "'" +
         (typo ? "; did you mean 'triad " + closest + "'?" : "") + "\nthe commands are:" + known +
         "\n(see: triad --help)";
}

std::unique_ptr<core::Store> open_store(const CliContext& ctx, int& exit_code) {
  auto store = core::Store::open(ctx.db_path);
  if (!store) {
    fmt::print(stderr, "triad: {}\n", store.status().message());
    exit_code = kExitStore;
    return nullptr;
  }
  // A store of an older version holds its device token: move it out, so copies carry none.
  if (auto moved = client::move_token_out_of_store(**store); !moved)
    fmt::print(
        stderr,
        "triad: this store still holds its device token, which could not be moved out of it: {}\n",
        moved.status().message());
  else if (*moved)
    fmt::print(
        stderr,
        "triad: moved this store's device token out of the store file into {} (readable by you "
        "only); a copy of the store no longer carries it\n",
        client::credentials_path());
  return std::move(store.value());
}

core::Result<core::RecordId> find_record(core::Store& store, const std::string& text) {
  if (auto id = core::RecordId::parse(text)) {
    auto held = store.get(*id);
    if (held && held->has_value()) return *id;
  }
  return store.resolve("", text);
}

}  // namespace triad::cli
