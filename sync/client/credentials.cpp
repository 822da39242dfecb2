#include "credentials.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "triad/core/private_files.h"

namespace triad::client {

namespace {

namespace fs = std::filesystem;

const char* const kHeader =
    "# Triad device tokens: one line per store, \"TOKEN STORE-PATH\". Written by triad and\n"
    "# triad-app. Keep this file private (mode 0600); never copy it with a store.\n";

std::string store_key(const std::string& store_path) {
  std::error_code ec;
  fs::path p = fs::absolute(store_path, ec);
  if (ec) p = store_path;
  const fs::path canonical = fs::weakly_canonical(p, ec);
  return (ec ? p : canonical).lexically_normal().string();
}

using Entries = std::map<std::string, std::string>;  // store path -> token

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Writes `text` to a new file of mode 0600 beside `path`, syncs it and renames it over `path`.
core::Status replace_private_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".new";
  ::unlink(tmp.c_str());  // left by a crash
  TRIAD_RETURN_IF_ERROR(core::create_private_file(tmp));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CLOEXEC);
  bool ok = fd >= 0;
  for (size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(ok ? errno : error);
    ::unlink(tmp.c_str());
    return core::store_error("cannot write the credentials file " + path + ": " + reason);
  }
  return core::Status::ok();
}

core::Result<Entries> read_entries(const std::string& path) {
  Entries out;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return out;
    return core::store_error("cannot read the credentials file " + path + ": " +
                             std::strerror(errno));
  }
  if (!core::is_private_mode(st.st_mode))
    return core::store_error("the credentials file " + path +
                             " may be read by other users of this computer " + "(mode " +
                             mode_text(st.st_mode) + "); make it private with: chmod 600 " + path);
  std::ifstream in(path);
  if (!in)
    return core::store_error("cannot read the credentials file " + path + ": " +
                             std::strerror(errno));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    const size_t space = line.find(' ');
    if (space == std::string::npos) continue;  // not ours: left out when the file is next written
    out[line.substr(space + 1)] = line.substr(0, space);
  }
  return out;
}

core::Status write_entries(const std::string& path, const Entries& entries) {
  std::string text = kHeader;
  for (const auto& [store, token] : entries) text += token + " " + store + "\n";
  return replace_private_file(path, text);
}

// Holds an exclusive lock on `path`.lock while a process reads, changes and writes the file.
class CredentialsLock {
 public:
  static core::Result<std::unique_ptr<CredentialsLock>> take(const std::string& path) {
    const std::string lock = path + ".lock";
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return core::store_error("cannot lock the credentials file " + path + ": " +
                               std::strerror(errno));
    while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
    }
    return std::unique_ptr<CredentialsLock>(new CredentialsLock(fd));
  }
  ~CredentialsLock() { ::close(fd_); }  // releases the lock
  CredentialsLock(const CredentialsLock&) = delete;
  CredentialsLock& operator=(const CredentialsLock&) = delete;

 private:
  explicit CredentialsLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace

std::string credentials_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::string(xdg) + "/triad/credentials";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.config/triad/credentials";
}

core::Result<std::string> load_token(const std::string& store_path) {
  auto entries = read_entries(credentials_path());
  if (!entries) return entries.status();
  const auto it = entries->find(store_key(store_path));
  return it == entries->end() ? std::string() : it->second;
}

core::Status save_token(const std::string& store_path, const std::string& token) {
  const std::string key = store_key(store_path);
  if (key.find_first_of("\r\n") != std::string::npos)
    return core::invalid_argument(
        "the store's path holds a line break; move the store to a plainer path first");
  if (token.empty() || token.find_first_of(" \t\r\n") != std::string::npos)
    return core::invalid_argument("a device token is one word, ID.SECRET");
  const std::string path = credentials_path();
  TRIAD_RETURN_IF_ERROR(core::make_private_folders(fs::path(path).parent_path().string()));
  auto lock = CredentialsLock::take(path);
  if (!lock) return lock.status();
  auto entries = read_entries(path);
  if (!entries) return entries.status();
  (*entries)[key] = token;
  return write_entries(path, *entries);
}

core::Result<bool> move_token_out_of_store(core::Store& store) {
  if (store.path() == ":memory:") return false;
  auto legacy = store.legacy_token();
  if (!legacy) return legacy.status();
  if (!legacy->has_value()) return false;
  auto saved = load_token(store.path());
  if (!saved) return saved.status();
  if (saved->empty() && !(*legacy)->empty())
    TRIAD_RETURN_IF_ERROR(save_token(store.path(), **legacy));
  TRIAD_RETURN_IF_ERROR(store.erase_legacy_token());
  return true;
}

}  // namespace triad::client
