// What the benchmarks measure with: a stopwatch, peak memory, file sizes, a table printer.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace triad::bench {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Peak resident set size of this process so far, in MiB (getrusage).
double peak_rss_mib();
// Peak resident set size of a child process that has ended (from wait4), in MiB.
double rss_mib_of_kib(long kib);
// Size of a SQLite database with its WAL, in bytes.
uint64_t store_bytes(const std::string& path);
// A fresh folder for the benchmark's files: under `parent` (the system temp dir when empty).
std::string make_work_dir(const std::string& parent, const std::string& prefix);
// Zlib (level 6) size of `bytes`, to state what compressing frames would give.
size_t zlib_size(const std::string& bytes);
// The median of a few measurements (the middle one, or the mean of the two middle ones).
double median(std::vector<double> values);

// A fixed-width table for people; --json output is built separately with nlohmann::json.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string fixed(double value, int decimals);

}  // namespace triad::bench
