// save_pdf and unused_path: a paper written whole or not at all, never over another file unless
// asked.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "triad/paper/paper.h"

namespace triad::paper {

namespace {

core::Status cannot_write(const std::string& path, int error) {
  return core::store_error("cannot write " + path + ": " + std::strerror(error));
}

// Writes `bytes` to the new file `tmp` (mode 0600) and flushes it to disk; removes it on failure.
// Errors name `path`, the file the person asked for.
core::Status write_new(const std::string& tmp, const std::string& path, const std::string& bytes) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return cannot_write(path, errno);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return cannot_write(path, error);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    return cannot_write(path, error);
  }
  return core::Status::ok();
}

}  // namespace

core::Status save_pdf(const std::string& pdf, const std::string& path, bool replace) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return core::invalid_argument(path + " is a folder: name the PDF file to write");
    if (!replace) return core::failed_precondition(path + " already exists; it was left as it is");
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
    return core::store_error("cannot write " + path + ": there is no folder " + folder.string());
  // Beside the target, so the move into place is a rename within one file system.
  const std::string tmp = path + ".part-" + std::to_string(::getpid());
  TRIAD_RETURN_IF_ERROR(write_new(tmp, path, pdf));
  // link() refuses to replace what appeared meanwhile; rename() replaces it when asked to.
  const int moved =
      replace ? ::rename(tmp.c_str(), path.c_str()) : ::link(tmp.c_str(), path.c_str());
  const int error = errno;
  if (!replace || moved != 0) ::unlink(tmp.c_str());
  if (moved != 0) {
    if (error == EEXIST)
      return core::failed_precondition(path + " already exists; it was left as it is");
    return cannot_write(path, error);
  }
  return core::Status::ok();
}

std::string unused_path(const std::string& folder, const std::string& file_name) {
  const std::filesystem::path name(file_name);
  const std::string stem = name.stem().string(), extension = name.extension().string();
  std::string candidate = (std::filesystem::path(folder) / file_name).string();
  for (int n = 2; std::filesystem::exists(candidate); ++n)
    candidate =
        (std::filesystem::path(folder) / (stem + " (" + std::to_string(n) + ")" + extension))
            .string();
  return candidate;
}

}  // namespace triad::paper
