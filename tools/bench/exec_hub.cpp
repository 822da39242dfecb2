#include "exec_hub.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

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

// In the child, after fork: only async-signal-safe calls until execv.
[[noreturn]] void exec_child(const std::vector<char*>& argv, uint64_t file_limit, int out_fd,
                             int err_fd) {
  rlimit r{};
  getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = std::min<rlim_t>(file_limit, r.rlim_max);
  setrlimit(RLIMIT_NOFILE, &r);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  close_range(STDERR_FILENO + 1, ~0U, 0);  // none of the benchmark's sockets
  execv(argv[0], argv.data());
  _exit(127);
}

// The lines `triad-hub serve` prints on stdout once it listens: the two ports.
bool read_ports(int fd, uint16_t& port, uint16_t& dashboard_port) {
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+) )");
  static const std::regex kDashboard(R"(dashboard on https://127\.0\.0\.1:(\d+)/)");
  std::string text;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((port == 0 || dashboard_port == 0) && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buffer[512];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    text.append(buffer, static_cast<size_t>(n));
    std::smatch m;
    if (port == 0 && std::regex_search(text, m, kListening))
      port = static_cast<uint16_t>(std::stoi(m[1].str()));
    if (dashboard_port == 0 && std::regex_search(text, m, kDashboard))
      dashboard_port = static_cast<uint16_t>(std::stoi(m[1].str()));
  }
  return port != 0 && dashboard_port != 0;
}

}  // namespace

core::Result<ExecHub> ExecHub::start(const ExecHubOptions& o) {
  std::vector<std::string> args{o.binary, "--db", o.db,    "serve", "--listen",    "127.0.0.1:0",
                                "--cert", o.cert, "--key", o.key,   "--dashboard", "127.0.0.1:0"};
  args.insert(args.end(), o.extra_args.begin(), o.extra_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return core::unavailable("pipe() failed");
  const int err_fd = open(o.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (err_fd < 0) return core::unavailable("cannot write the hub's log " + o.log_file);
  const pid_t pid = fork();
  if (pid < 0) return core::unavailable("fork() failed");
  if (pid == 0) exec_child(argv, o.file_limit, out[1], err_fd);
  close(out[1]);
  close(err_fd);
  ExecHub hub;
  hub.pid_ = pid;
  const bool listening = read_ports(out[0], hub.port_, hub.dashboard_port_);
  close(out[0]);
  if (!listening)
    return core::unavailable(o.binary + " did not start serving (its log: " + o.log_file + ")");
  return hub;
}

ExecHub::ExecHub(ExecHub&& other) noexcept
    : pid_(other.pid_), port_(other.port_), dashboard_port_(other.dashboard_port_) {
  other.pid_ = -1;
}

ExecHub::~ExecHub() {
  if (pid_ > 0) stop();
}

bool ExecHub::running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

double ExecHub::cpu_seconds() const {
  std::ifstream f("/proc/" + std::to_string(pid_) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return -1;
  std::istringstream fields(stat.substr(name_end + 2));
  std::string field;
  double ticks = 0;
  for (int n = 3; n <= 15 && fields >> field; ++n)  // fields 14 and 15: utime, stime
    if (n >= 14) ticks += std::stod(field);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ExecHub::rss_mib() const { return proc_status_mib(pid_, "VmRSS"); }
double ExecHub::peak_rss_mib() const { return proc_status_mib(pid_, "VmHWM"); }

bool ExecHub::stop(int grace_ms) {
  if (pid_ <= 0) return false;
  kill(pid_, SIGTERM);
  int status = 0;
  bool exited = false;
  for (int waited = 0; waited < grace_ms && !exited; waited += 50) {
    exited = waitpid(pid_, &status, WNOHANG) == pid_;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return exited && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

LogLines log_lines_between(const std::string& path, uint64_t from, uint64_t to,
                           const std::vector<std::string>& skip) {
  std::ifstream f(path, std::ios::binary);
  f.seekg(static_cast<std::streamoff>(from));
  LogLines out;
  std::string line;
  uint64_t at = from;
  while (at < to && std::getline(f, line)) {
    at += line.size() + 1;
    bool skipped = false;
    for (const std::string& s : skip) skipped = skipped || line.find(s) != std::string::npos;
    if (skipped) continue;
    ++out.count;
    if (out.first.size() < 5) out.first.push_back(line.substr(0, 300));
  }
  return out;
}

}  // namespace triad::bench
