#include "child_hub.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "triad/hub/hub.h"
#include "triad/hub/hub_server.h"
#include "triad/sync/transport.h"

namespace triad::bench {

namespace {

double proc_status_mib(pid_t pid, const std::string& key) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key + ":", 0) == 0)
      return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
  return 0;
}

[[noreturn]] void serve_in_child(const std::string& hub_db, const std::string& cert_file,
                                 int port_pipe) {
  auto hub = sync::Hub::open(hub_db);
  if (!hub) std::_Exit(10);
  sync::ServeOptions options;
  options.listen = "127.0.0.1:0";
  options.cert_file = cert_file;
  options.key_file = cert_file.substr(0, cert_file.size() - 4) + ".key";
  options.handle_signals = true;
  options.read_timeout =
      std::chrono::milliseconds(300'000);  // load tests hold sessions open on purpose
  // Every simulated device connects from 127.0.0.1: one address may hold all of them.
  options.max_connections_per_address = std::numeric_limits<size_t>::max();
  auto server = sync::HubServer::create(**hub, options);
  if (!server) std::_Exit(11);
  const uint16_t port = (*server)->port();
  if (write(port_pipe, &port, sizeof port) != sizeof port) std::_Exit(12);
  close(port_pipe);
  const core::Status s = (*server)->run();
  server->reset();
  hub->reset();
  std::_Exit(s.is_ok() ? 0 : 13);
}

}  // namespace

core::Result<std::string> make_loopback_certificate(const std::string& dir) {
  const std::string cert = dir + "/hub.crt", key = dir + "/hub.key";
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" + key +
      "' -out '" + cert +
      "' -days 1 -subj '/CN=triad bench hub' -addext 'subjectAltName=IP:127.0.0.1' 2>/dev/null";
  if (std::system(command.c_str()) != 0)
    return core::unavailable("openssl could not make a certificate in " + dir);
  return cert;
}

core::Result<ChildHub> ChildHub::start(const std::string& hub_db, const std::string& cert_file) {
  int fds[2];
  if (pipe(fds) != 0) return core::unavailable("pipe() failed");
  const pid_t pid = fork();
  if (pid < 0) return core::unavailable("fork() failed");
  if (pid == 0) {
    close(fds[0]);
    serve_in_child(hub_db, cert_file, fds[1]);
  }
  close(fds[1]);
  uint16_t port = 0;
  const bool got = read(fds[0], &port, sizeof port) == sizeof port;
  close(fds[0]);
  if (!got) {
    int status = 0;
    waitpid(pid, &status, 0);
    return core::unavailable("the benchmark's hub did not start (exit " +
                             std::to_string(WEXITSTATUS(status)) + ")");
  }
  return ChildHub(pid, port);
}

ChildHub::~ChildHub() {
  if (pid_ > 0) (void)stop();
}

double ChildHub::rss_mib() const { return proc_status_mib(pid_, "VmRSS"); }
double ChildHub::peak_rss_mib() const { return proc_status_mib(pid_, "VmHWM"); }

core::Result<double> ChildHub::stop() {
  if (pid_ <= 0) return core::failed_precondition("the hub was stopped already");
  kill(pid_, SIGTERM);
  int status = 0;
  rusage usage{};
  wait4(pid_, &status, 0, &usage);
  pid_ = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return core::unavailable("the benchmark's hub ended badly (status " + std::to_string(status) +
                             ")");
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace triad::bench
