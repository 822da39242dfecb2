#include "store_path.h"

#include <cstdlib>

namespace triad::client {

std::string default_store_path() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/triad/triad.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/triad/triad.db";
}

}  // namespace triad::client
