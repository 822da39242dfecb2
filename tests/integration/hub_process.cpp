#include "hub_process.h"

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>

#include "triad/core/store.h"
#include "triad/hub/hub.h"

namespace triad::integration {

namespace {

// Tokens are kept in HOME/config/triad/credentials; never one from the environment of whoever
// runs the tests.
Env home_env(const std::string& home) {
  return {{"HOME", home},
          {"XDG_DATA_HOME", home},
          {"XDG_CONFIG_HOME", home + "/config"},
          {"TZ", "UTC"},
          {"TRIAD_TOKEN", ""}};
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text)
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
  return out;
}

void require_ok(const std::string& what, const ProcessResult& r) {
  INFO(what << "\nexit " << r.exit_code << " signal " << r.signal << "\nstdout: " << r.out
            << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == kExitOk);
}

}  // namespace

void make_self_signed_cert(const std::string& dir, const std::string& stem) {
  const std::string key = dir + "/" + stem + ".key", crt = dir + "/" + stem + ".crt";
  // clang-format off
  const std::vector<std::string> args{
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-days", "2",
      "-subj", "/CN=triad test hub", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"};
  // clang-format on
  require_ok(command_line(TRIAD_OPENSSL_PATH, args),
             run_process(TRIAD_OPENSSL_PATH, args, {}, 30s));
}

ProcessResult run_triad(const std::vector<std::string>& args, const std::string& home,
                        std::chrono::milliseconds timeout, const Env& extra_env) {
  Env env = home_env(home);
  for (const auto& [key, value] : extra_env) env[key] = value;
  return run_process(TRIAD_CLI_PATH, args, env, timeout);
}

Env triad_env(const std::string& home) { return home_env(home); }

std::string write_token_file(const std::string& path, const std::string& token) {
  {
    std::ofstream f(path, std::ios::trunc);
    f << token << "\n";
    REQUIRE(f.flush());
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return path;
}

HubProcess::HubProcess(HubOptions options) : options_(std::move(options)) {
  if (options_.tls) make_self_signed_cert(dir_.path().string(), "hub");
  if (!options_.init) return;  // another process made the shared store
  const ProcessResult r = admin({"init", "--alliance", options_.alliance});
  require_ok("triad-hub init", r);
  REQUIRE(contains(r.out, "created the hub of " + options_.alliance));
}

HubProcess::~HubProcess() {
  if (serving()) stop();
}

ProcessResult HubProcess::admin(const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--db", db()};
  full.insert(full.end(), args.begin(), args.end());
  return run_process(TRIAD_HUB_PATH, full, home_env(dir_.path().string()), 30s);
}

std::string HubProcess::enroll(const std::string& school, const std::string& person,
                               const std::string& role) {
  const ProcessResult r = admin({"enroll", "--school", school, "--person", person, "--role", role});
  require_ok("triad-hub enroll", r);
  static const std::regex kTokenLine(R"((?:^|\n)token: ([0-9a-f]{8}\.[0-9a-f]{32})\n)");
  std::smatch m;
  INFO("enroll printed: " << r.out);
  REQUIRE(std::regex_search(r.out, m, kTokenLine));
  return m[1].str();
}

void HubProcess::start() {
  REQUIRE_FALSE(serving());
  std::vector<std::string> args{"--db",
                                db(),
                                "serve",
                                "--listen",
                                "127.0.0.1:0",
                                "--read-timeout",
                                std::to_string(options_.read_timeout_s)};
  if (options_.tls) {
    args.insert(args.end(), {"--cert", cert(), "--key", key()});
  } else {
    args.push_back("--insecure-plaintext");
  }
  if (options_.dashboard) args.insert(args.end(), {"--dashboard", "127.0.0.1:0"});
  args.insert(args.end(), options_.serve_args.begin(), options_.serve_args.end());
  std::string program = TRIAD_HUB_PATH;
  if (options_.file_limit > 0) {  // the shell sets the limit (setrlimit), then becomes the hub
    args.insert(args.begin(),
                {"-c", "ulimit -n " + std::to_string(options_.file_limit) + R"( && exec "$0" "$@")",
                 TRIAD_HUB_PATH});
    program = "/bin/sh";
  }
  server_ = std::make_unique<ChildProcess>(program, args, home_env(dir_.path().string()),
                                           dir_.file("hub.log"));
  const std::optional<std::string> line = server_->read_line(10s);
  INFO("triad-hub serve printed: " << line.value_or("(nothing)") << "\nlog: " << log());
  REQUIRE(line);
  static const std::regex kListening(
      R"(^listening on 127\.0\.0\.1:(\d+) \((TLS|plain TCP: tests only)\) .*)");
  std::smatch m;
  REQUIRE(std::regex_match(*line, m, kListening));
  CHECK((m[2] == "TLS") == options_.tls);
  port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
  REQUIRE(port_ != 0);
  if (!options_.dashboard) return;
  const std::optional<std::string> board = server_->read_line(10s);
  INFO("then: " << board.value_or("(nothing)"));
  static const std::regex kDashboard(R"(^dashboard on https://127\.0\.0\.1:(\d+)/$)");
  REQUIRE(board);
  REQUIRE(std::regex_match(*board, m, kDashboard));
  dashboard_port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
}

int HubProcess::stop(std::chrono::milliseconds grace) {
  REQUIRE(server_);
  const int status = server_->stop(grace);
  server_.reset();
  return status;
}

void HubProcess::kill() {
  REQUIRE(server_);
  server_->signal(SIGKILL);
  REQUIRE(server_->wait_for(10s));
  server_.reset();
}

void HubProcess::signal(int sig) const {
  REQUIRE(server_);
  server_->signal(sig);
}

std::optional<int> HubProcess::wait_exit(std::chrono::milliseconds timeout) {
  REQUIRE(server_);
  const std::optional<int> status = server_->wait_for(timeout);
  if (status) server_.reset();
  return status;
}

std::vector<std::string> HubProcess::client_args() const {
  if (options_.tls) return {"--hub", address(), "--ca", cert()};
  return {"--hub", address(), "--insecure-plaintext"};
}

std::string HubProcess::export_json(const std::string& type) const {
  std::vector<std::string> args{"--db", db(), "export", "--format", "json"};
  if (!type.empty()) args.push_back(type);
  const ProcessResult r = run_triad(args, dir_.path().string());
  require_ok("triad export of the hub's store", r);
  return r.out;
}

size_t HubProcess::record_count(const std::string& type) const {
  auto hub = sync::Hub::open(db());
  INFO(hub.status().message());
  REQUIRE(hub);
  auto records = (*hub)->store().list(type);
  INFO(records.status().message());
  REQUIRE(records);
  return records->size();
}

Device::Device(HubProcess& hub, std::string school, std::string person)
    : hub_(hub), school_(std::move(school)), person_(std::move(person)) {
  token_ = hub_.enroll(school_, person_);
  const std::string name = slug(school_ + "-" + person_);
  db_ = hub_.dir().file(name + ".db");
  for (int n = 2; std::filesystem::exists(db_); ++n)
    db_ = hub_.dir().file(name + "-" + std::to_string(n) + ".db");
  // As a teacher is told to: the token handed over in a file, saved by `init` in the
  // credentials file (not in the store, not on a command line).
  const std::string token_file = write_token_file(db_ + ".token", token_);
  const std::string out =
      ok({"init", "--school", school_, "--person", person_, "--token-file", token_file});
  REQUIRE(contains(out, "created a store for " + school_ + " / " + person_));
  REQUIRE(contains(out, "device token " + token_id() + " saved in "));
}

ProcessResult Device::run(const std::vector<std::string>& args) const {
  std::vector<std::string> full{"--db", db_};
  full.insert(full.end(), args.begin(), args.end());
  return run_triad(full, hub_.dir().path().string());
}

std::string Device::ok(const std::vector<std::string>& args) const {
  const ProcessResult r = run(args);
  require_ok(command_line("triad --db " + db_, args), r);
  return r.out;
}

std::string Device::add(const std::string& type, const std::vector<std::string>& fields) const {
  std::vector<std::string> args{"add", type};
  args.insert(args.end(), fields.begin(), fields.end());
  const std::string out = ok(args);
  INFO("add printed: " << out);
  REQUIRE(out.size() == 37);
  return out.substr(0, 36);
}

std::vector<std::string> Device::sync_args() const {
  std::vector<std::string> args{"--db", db_, "sync", "--timeout", "10"};
  const std::vector<std::string> hub = hub_.client_args();
  args.insert(args.end(), hub.begin(), hub.end());
  return args;
}

ProcessResult Device::sync() const { return run_triad(sync_args(), hub_.dir().path().string()); }

void Device::sync_ok() const {
  const ProcessResult r = sync();
  require_ok("triad sync of " + school_ + " / " + person_, r);
  REQUIRE(contains(r.out, "synced with the hub of "));
}

std::string Device::export_json(const std::string& type) const {
  std::vector<std::string> args{"export", "--format", "json"};
  if (!type.empty()) args.push_back(type);
  return ok(args);
}

std::string make_device_with_enquiries(HubProcess& hub, const std::string& school,
                                       const std::string& person, size_t records,
                                       const core::SyncTarget& target) {
  const std::string db = hub.dir().file("full-device.db");
  core::StoreOptions options;
  options.synchronous_full = false;
  auto store = core::Store::create(db, school, person, options);
  REQUIRE(store);
  for (size_t i = 0; i < records; ++i)
    REQUIRE((*store)->create_record(
        "enquiry",
        {{"title", core::FieldEdit::Op::kAssign, "Enquiry " + std::to_string(i)},
         {"research_question", core::FieldEdit::Op::kAssign,
          "Question number " + std::to_string(i) + " about wait time and questioning"}}));
  REQUIRE((*store)->save_sync_target(target).is_ok());
  store->reset();
  const std::string token_file = write_token_file(db + ".token", hub.enroll(school, person));
  const ProcessResult saved = run_triad({"--db", db, "config", "token", "--token-file", token_file},
                                        hub.dir().path().string());
  INFO(saved.err);
  REQUIRE(saved.exit_code == kExitOk);
  return db;
}

}  // namespace triad::integration
