// A seeded hub (seeded_alliance.h) served by the real `triad-hub serve --dashboard 127.0.0.1:0`
// child process with a throwaway certificate, and a small HTTPS client (Beast) that verifies that
// certificate. The hub stops when the fixture is destroyed (SIGTERM, then SIGKILL). Not
// thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "postgres_database.h"
#include "process.h"
#include "seeded_alliance.h"

namespace triad::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  std::string header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class ServedDashboard {
 public:
  ServedDashboard();
  ~ServedDashboard();

  // One request over a fresh TLS connection to the dashboard.
  HttpReply request(const std::string& method, const std::string& target,
                    const std::map<std::string, std::string>& headers = {},
                    const std::string& body = "") const;
  // `triad-hub --db DB ARGS` against the served store.
  ProcessResult admin(const std::vector<std::string>& args) const;
  // A fresh one-time login link path ("/login?code=...") for the seeded lead, or for the lead or
  // admin with `token_id`.
  std::string login_link() const;
  std::string login_link(const std::string& token_id) const;
  // Enrols an admin (`triad-hub enroll --role admin`) and returns its token.
  std::string enrol_admin(const std::string& person) const;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }
  uint16_t port() const { return port_; }
  const SeededAlliance& seeded() const { return seeded_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<PostgresTestDatabase> database_;  // the hub's, in the PostgreSQL run
  std::string hub_location_;
  SeededAlliance seeded_;
  std::unique_ptr<ChildProcess> hub_;
  uint16_t port_ = 0;
};

}  // namespace triad::testing
