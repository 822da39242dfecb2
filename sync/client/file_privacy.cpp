#include "file_privacy.h"

#include <fmt/core.h>
#include <sys/stat.h>

#include <filesystem>

#include "triad/core/private_files.h"

namespace triad::client {

std::string file_privacy_note(const std::string& store_path) {
  struct stat file {
  }, folder{};
  std::error_code ec;
  const std::string dir = std::filesystem::absolute(store_path, ec).parent_path().string();
  if (ec || ::stat(store_path.c_str(), &file) != 0 || ::stat(dir.c_str(), &folder) != 0) return "";
  const auto mode = [](const struct stat& st) { return fmt::format("{:04o}", st.st_mode & 07777); };
  std::string note = fmt::format(
      "only you can read it: the store has mode {} (its -wal and -shm files too)", mode(file));
  if (core::is_private_mode(folder.st_mode))
    return note + fmt::format(", in a folder of mode {}\n", mode(folder));
  return note +
         fmt::format(
             "; its folder {} has mode {}, so other users can see the file's name (chmod 700 {} "
             "hides it)\n",
             dir, mode(folder), dir);
}

}  // namespace triad::client
