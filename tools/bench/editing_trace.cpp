#include "editing_trace.h"

#include <zlib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace triad::bench {

size_t EditingTrace::patch_count() const {
  size_t n = 0;
  for (const TraceTransaction& t : transactions) n += t.patches.size();
  return n;
}

EditingTrace load_editing_trace(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw std::runtime_error("cannot open the editing trace " + path);
  std::string json;
  char buffer[1 << 16];
  int got;
  while ((got = gzread(file, buffer, sizeof buffer)) > 0) json.append(buffer, got);
  const bool failed = got < 0;
  gzclose(file);
  if (failed) throw std::runtime_error("cannot decompress the editing trace " + path);
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    EditingTrace trace;
    trace.concurrent = j.value("kind", "") == "concurrent";
    trace.agents = j.value("numAgents", size_t{1});
    trace.start_content = j.value("startContent", "");
    trace.end_content = j.at("endContent").get<std::string>();
    for (const auto& t : j.at("txns")) {
      TraceTransaction txn;
      if (trace.concurrent) {
        txn.parents = t.at("parents").get<std::vector<size_t>>();
        txn.agent = t.at("agent").get<size_t>();
      }
      for (const auto& p : t.at("patches"))
        txn.patches.push_back(
            {p.at(0).get<size_t>(), p.at(1).get<size_t>(), p.at(2).get<std::string>()});
      trace.transactions.push_back(std::move(txn));
    }
    return trace;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("the editing trace " + path + " is not a trace: " + e.what());
  }
}

}  // namespace triad::bench
