#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace triad::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> child_environment(const Env& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    if (!extra.count(entry.substr(0, entry.find('=')))) out.push_back(entry);
  }
  for (const auto& [key, value] : extra) out.push_back(key + "=" + value);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// In the child, after fork: only async-signal-safe calls until execve.
[[noreturn]] void exec_child(int in_fd, int out_fd, int err_fd, char** argv, char** envp) {
  if (in_fd >= 0) ::dup2(in_fd, STDIN_FILENO);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  // Nothing else of the test's: a socket the test closes must close for its peer, and a child's
  // file limit is its own to spend.
  ::close_range(STDERR_FILENO + 1, ~0U, 0);
  ::execve(argv[0], argv, envp);
  static const char kMsg[] = "process: execve failed\n";
  (void)!::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  ::_exit(127);
}

struct Spawned {
  pid_t pid;
  int out_fd;
  int err_fd;  // -1 when stderr went to a file
};

Spawned spawn(const std::string& path, const std::vector<std::string>& args, const Env& env,
              const std::string* stderr_file, const std::string& stdin_file = "") {
  std::vector<std::string> argv_strings{path};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  int out_pipe[2], err_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) FAIL("pipe2 failed: " << std::strerror(errno));
  if (stderr_file) {
    err_pipe[1] = ::open(stderr_file->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (err_pipe[1] < 0) FAIL("cannot open " << *stderr_file << ": " << std::strerror(errno));
  } else if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    FAIL("pipe2 failed: " << std::strerror(errno));
  }
  const std::string in_path = stdin_file.empty() ? "/dev/null" : stdin_file;
  const int in_fd = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in_fd < 0) FAIL("cannot open " << in_path << ": " << std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) FAIL("fork failed: " << std::strerror(errno));
  if (pid == 0) exec_child(in_fd, out_pipe[1], err_pipe[1], argv.data(), envp.data());
  ::close(in_fd);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  return {pid, out_pipe[0], err_pipe[0]};
}

int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

std::string command_line(const std::string& path, const std::vector<std::string>& args) {
  std::string out = path;
  for (const auto& a : args) out += " '" + a + "'";
  return out;
}

ProcessResult run_process(const std::string& path, const std::vector<std::string>& args,
                          const Env& env, std::chrono::milliseconds timeout,
                          const std::string& stdin_file) {
  const auto start = Clock::now();
  const Spawned child = spawn(path, args, env, nullptr, stdin_file);
  ProcessResult result;
  const auto deadline = start + timeout;
  pollfd fds[2] = {{child.out_fd, POLLIN, 0}, {child.err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(child.pid, SIGKILL);
      break;
    }
    const int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  const int status = reap(child.pid);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return result;
}

ChildProcess::ChildProcess(const std::string& path, const std::vector<std::string>& args,
                           const Env& env, const std::string& stderr_file) {
  const Spawned child = spawn(path, args, env, &stderr_file);
  pid_ = child.pid;
  out_fd_ = child.out_fd;
}

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    reap(pid_);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (const size_t nl = out_buffer_.find('\n'); nl != std::string::npos) {
      std::string line = out_buffer_.substr(0, nl);
      out_buffer_.erase(0, nl + 1);
      return line;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (out_fd_ < 0 || left.count() <= 0) return std::nullopt;
    pollfd fd{out_fd_, POLLIN, 0};
    const int n = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t got = ::read(out_fd_, buf, sizeof buf);
    if (got > 0) {
      out_buffer_.append(buf, static_cast<size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      ::close(out_fd_);
      out_fd_ = -1;
    }
  }
}

void ChildProcess::signal(int sig) const {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t got = ::waitpid(pid_, &status, WNOHANG);
    if (got == pid_) return status_ = status;
    if (got < 0 && errno != EINTR) FAIL("waitpid failed: " << std::strerror(errno));
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(2ms);
  }
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
  signal(SIGTERM);
  if (auto status = wait_for(grace)) return *status;
  signal(SIGKILL);
  return *wait_for(10s);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string read_file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace triad::testing
