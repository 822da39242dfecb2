#include "measure.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace triad::bench {

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return rss_mib_of_kib(usage.ru_maxrss);
}

double rss_mib_of_kib(long kib) { return static_cast<double>(kib) / 1024.0; }

uint64_t store_bytes(const std::string& path) {
  uint64_t total = 0;
  for (const std::string& p : {path, path + "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(p, ec);
    if (!ec) total += size;
  }
  return total;
}

std::string make_work_dir(const std::string& parent, const std::string& prefix) {
  const std::filesystem::path base =
      parent.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(parent);
  std::random_device rd;
  const auto dir = base / fmt::format("{}-{:08x}", prefix, rd());
  std::filesystem::create_directories(dir);
  return dir.string();
}

size_t zlib_size(const std::string& bytes) {
  uLongf size = compressBound(bytes.size());
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(bytes.data()), bytes.size(), 6) != Z_OK)
    throw std::runtime_error("zlib compress2 failed");
  return size;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string Table::render() const {
  std::vector<size_t> width;
  for (const auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (size_t r = 0; r < rows_.size(); ++r) {
    for (size_t i = 0; i < rows_[r].size(); ++i)
      out += i == 0 ? fmt::format("{:<{}}", rows_[r][i], width[i])
                    : fmt::format("  {:>{}}", rows_[r][i], width[i]);
    out += '\n';
    if (r == 0) {
      size_t total = 0;
      for (size_t w : width) total += w + 2;
      out += std::string(total - 2, '-') + '\n';
    }
  }
  return out;
}

std::string fixed(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

}  // namespace triad::bench
