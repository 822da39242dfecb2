// Editing traces (tests/fixtures/editing-traces): a gzip'd JSON history of edits, sequential
// (one author) or concurrent (transactions naming the ones their author had seen).
#pragma once

#include <string>
#include <vector>

namespace triad::bench {

// At character `pos` erase `erase` characters, then insert `insert` there.
struct TracePatch {
  size_t pos = 0;
  size_t erase = 0;
  std::string insert;
};

struct TraceTransaction {
  std::vector<size_t> parents;  // concurrent traces: earlier transactions this one saw
  size_t agent = 0;
  std::vector<TracePatch> patches;
};

struct EditingTrace {
  bool concurrent = false;
  size_t agents = 1;
  std::string start_content, end_content;
  std::vector<TraceTransaction> transactions;
  size_t patch_count() const;
};

// Reads a trace; throws std::runtime_error naming the file when it cannot be read or parsed.
EditingTrace load_editing_trace(const std::string& path);

}  // namespace triad::bench
