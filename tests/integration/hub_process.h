// The alliance hub as the admin runs it: a `triad-hub` store in a temp folder, a throwaway TLS
// certificate made with the openssl CLI, devices enrolled with `triad-hub enroll`, and
// `triad-hub serve --listen 127.0.0.1:0` as a child process whose port is read from its first line
// of output. The destructor stops it politely (SIGTERM), then by force after a bounded wait.
// Device is one teacher's `triad` store enrolled at that hub, driven through the CLI.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "process.h"
#include "test_support.h"
#include "triad/core/sync_target.h"

namespace triad::integration {

using namespace triad::testing;  // the child-process helpers of tests/support/process.h

// Exit codes of `triad` and `triad-hub` (tools/cli/cli_context.h).
constexpr int kExitOk = 0, kExitUsage = 1, kExitBadInput = 2, kExitStore = 3, kExitNetwork = 4;

// Writes DIR/STEM.key and DIR/STEM.crt: a self-signed certificate for 127.0.0.1 and localhost.
void make_self_signed_cert(const std::string& dir, const std::string& stem);

// triad ARGS with HOME, XDG_DATA_HOME and XDG_CONFIG_HOME (HOME/config, where device tokens are
// kept) pointed at `home`, and `extra_env` added.
ProcessResult run_triad(const std::vector<std::string>& args, const std::string& home,
                        std::chrono::milliseconds timeout = 30s, const Env& extra_env = {});
// The environment run_triad gives `triad`, for a ChildProcess run the same way.
Env triad_env(const std::string& home);
class HubProcess;
// A device's store (HUB_DIR/full-device.db) made in-process with the core API (thousands of
// `triad add` calls would be slow): `records` alliance-scope enquiries, `target` as where it
// syncs, and its token from `hub` saved with `triad config token --token-file`. Returns its path.
std::string make_device_with_enquiries(HubProcess& hub, const std::string& school,
                                       const std::string& person, size_t records,
                                       const core::SyncTarget& target);

// Writes `token` to `path` (mode 0600) as an admin hands it over; returns `path`.
std::string write_token_file(const std::string& path, const std::string& token);

struct HubOptions {
  bool tls = true;
  int read_timeout_s = 10;
  std::string alliance = "The Mead";
  int file_limit = 0;                     // RLIMIT_NOFILE of the serving hub (0: this process's)
  std::vector<std::string> serve_args{};  // more `serve` options (limits, deadlines)
  bool dashboard = false;                 // also serve the dashboard, on a port of its own
  // The hub's store: "" for an SQLite file in the hub's folder, or a PostgreSQL database that
  // several HubProcesses share (the first one given it runs init; `init` false for the others).
  std::string store = "";
  bool init = true;
};

class HubProcess {
 public:
  // Makes the certificate and runs `triad-hub init`; not serving yet.
  explicit HubProcess(HubOptions options = {});
  ~HubProcess();
  HubProcess(const HubProcess&) = delete;
  HubProcess& operator=(const HubProcess&) = delete;

  // `triad-hub enroll`; returns the token ID.SECRET it printed.
  std::string enroll(const std::string& school, const std::string& person,
                     const std::string& role = "device");
  // `triad-hub --db DB ARGS` (enroll, revoke, devices... may run while the hub serves).
  ProcessResult admin(const std::vector<std::string>& args) const;

  // Starts `serve` on a port of its own choosing and waits for its "listening on" line.
  void start();
  // SIGTERM, then SIGKILL after `grace`; returns the raw wait status.
  int stop(std::chrono::milliseconds grace = 5s);
  // SIGKILL at once (a crash).
  void kill();
  // Sends `sig` to the serving hub without waiting.
  void signal(int sig) const;
  // Waits up to `timeout` for the hub to exit by itself; its wait status, nullopt if still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool serving() const { return server_ && server_->running(); }
  pid_t pid() const { return server_ ? server_->pid() : -1; }
  uint16_t port() const { return port_; }
  uint16_t dashboard_port() const { return dashboard_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  bool tls() const { return options_.tls; }

  // `triad sync` arguments that reach this hub: --hub, and --ca or --insecure-plaintext.
  std::vector<std::string> client_args() const;
  // The canonical JSON export of every live record the hub holds (through `triad export`).
  std::string export_json(const std::string& type = "") const;
  // Live records the hub holds, counted through the core API (on either engine).
  size_t record_count(const std::string& type = "") const;

  const testing::TempDir& dir() const { return dir_; }
  std::string db() const { return options_.store.empty() ? dir_.file("hub.db") : options_.store; }
  std::string cert() const { return dir_.file("hub.crt"); }
  std::string key() const { return dir_.file("hub.key"); }
  // Everything the hub has written to stderr so far, over all its runs.
  std::string log() const { return read_file_bytes(dir_.file("hub.log")); }

 private:
  HubOptions options_;
  testing::TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  uint16_t port_ = 0;
  uint16_t dashboard_port_ = 0;
};

// One teacher's device: enrolled at `hub` for SCHOOL / PERSON, its store made with
// `triad init --token-file` in the hub's temp folder (a person may have several devices, each with
// its own token), so its token is in the credentials file. The hub's address and certificate are
// passed on each `triad sync`, because the hub's port changes when it restarts.
class Device {
 public:
  Device(HubProcess& hub, std::string school, std::string person);

  ProcessResult run(const std::vector<std::string>& args) const;  // triad --db DB ARGS
  std::string ok(const std::vector<std::string>& args) const;     // REQUIREs exit 0; stdout
  std::string add(const std::string& type,
                  const std::vector<std::string>& fields) const;  // the new id
  // `triad sync` with the hub's address, its certificate or plain TCP (the token is the saved one).
  ProcessResult sync() const;
  // The whole argv (after the program) of that `triad sync`, to run it in the background.
  std::vector<std::string> sync_args() const;
  void sync_ok() const;  // REQUIREs exit 0
  std::string export_json(const std::string& type = "") const;

  const std::string& db() const { return db_; }
  const std::string& token() const { return token_; }
  std::string token_id() const { return token_.substr(0, token_.find('.')); }
  const std::string& school() const { return school_; }
  const std::string& person() const { return person_; }

 private:
  HubProcess& hub_;
  std::string school_, person_, token_, db_;
};

}  // namespace triad::integration
