#include "triad/core/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace triad::core {

Status make_private_folders(const std::string& folder) {
  if (folder.empty()) return Status::ok();
  std::filesystem::path built;
  for (const auto& part : std::filesystem::path(folder)) {
    built /= part;
    if (::mkdir(built.c_str(), 0700) == 0) {
      (void)::chmod(built.c_str(),
                    0700);  // mkdir's mode is reduced by the umask, which may be 0077 or 0
      continue;
    }
    struct stat st {};
    if (errno == EEXIST && ::stat(built.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    const int error = errno == EEXIST ? ENOTDIR : errno;
    return store_error("cannot create the folder " + folder + ": " + std::strerror(error) +
                       " (at " + built.string() + ")");
  }
  return Status::ok();
}

Status create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return failed_precondition("a file already exists at " + path +
                                 "; choose another path or remove it first");
    return store_error("cannot create " + path + ": " + std::strerror(errno) +
                       "; check that its folder exists and is writable");
  }
  ::close(fd);
  return Status::ok();
}

}  // namespace triad::core
