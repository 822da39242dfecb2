// A strict reader of Prometheus' text exposition format 0.0.4, for tests of what the hub serves
// at /metrics: every sample must belong to a family announced by "# HELP" and "# TYPE" lines
// before it, names and labels must be well formed, values must be numbers, and a histogram's
// buckets must be cumulative, end at +Inf and agree with its _count. Failures are Catch2 failures
// naming the line. Header-only; not thread-safe.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace triad::testing {

struct PromSample {
  std::string name;  // with its suffix (_bucket, _sum, _count for a histogram)
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromFamily {
  std::string help, type;
  std::vector<PromSample> samples;

  // The value of the sample `name` with exactly `labels`; fails the test when there is none.
  double value(const std::string& name,
               const std::map<std::string, std::string>& labels = {}) const {
    for (const PromSample& s : samples)
      if (s.name == name && s.labels == labels) return s.value;
    FAIL("no sample " << name << " with those labels");
    return 0;
  }
};

inline std::map<std::string, PromFamily> parse_prometheus_text(const std::string& text) {
  static const std::regex kComment(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)");
  static const std::regex kSample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$)");
  static const std::regex kLabel(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?)re");
  std::map<std::string, PromFamily> out;
  REQUIRE((text.empty() || text.back() == '\n'));
  std::istringstream lines(text);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    INFO("line: " << line);
    if (line.empty()) continue;
    if (line[0] == '#') {
      REQUIRE(std::regex_match(line, m, kComment));
      PromFamily& f = out[m[2]];
      if (m[1] == "HELP") {
        CHECK(f.help.empty());  // once each
        f.help = m[3];
      } else {
        CHECK(f.type.empty());
        CHECK(f.samples.empty());  // TYPE comes before the samples
        f.type = m[3];
        CHECK((f.type == "counter" || f.type == "gauge" || f.type == "histogram" ||
               f.type == "summary" || f.type == "untyped"));
      }
      continue;
    }
    REQUIRE(std::regex_match(line, m, kSample));
    PromSample s;
    s.name = m[1];
    std::string labels = m[3];
    for (std::smatch l; std::regex_search(labels, l, kLabel); labels = l.suffix()) {
      CHECK(l.prefix().str().empty());
      CHECK(s.labels.emplace(l[1], l[2]).second);  // no label twice
    }
    CHECK(labels.empty());
    const std::string value = m[4];
    char* end = nullptr;
    s.value = value == "+Inf"   ? INFINITY
              : value == "-Inf" ? -INFINITY
                                : std::strtod(value.c_str(), &end);
    if (value != "+Inf" && value != "-Inf") CHECK((end && *end == '\0'));
    // Its family: itself, or a histogram's name without _bucket, _sum or _count.
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string sfx = suffix;
      if (!out.count(family) && s.name.size() > sfx.size() &&
          s.name.compare(s.name.size() - sfx.size(), sfx.size(), sfx) == 0)
        family = s.name.substr(0, s.name.size() - sfx.size());
    }
    REQUIRE(out.count(family));
    CHECK_FALSE(out[family].help.empty());
    CHECK_FALSE(out[family].type.empty());
    out[family].samples.push_back(std::move(s));
  }
  for (const auto& [name, f] : out) {
    INFO("family " << name);
    if (f.type != "histogram") continue;
    double previous = 0, previous_le = -INFINITY, inf = -1;
    for (const PromSample& s : f.samples) {
      if (s.name != name + "_bucket") continue;
      const std::string le = s.labels.at("le");
      const double bound = le == "+Inf" ? INFINITY : std::strtod(le.c_str(), nullptr);
      CHECK(bound > previous_le);  // in order
      CHECK(s.value >= previous);  // cumulative
      previous_le = bound, previous = s.value;
      if (le == "+Inf") inf = s.value;
    }
    CHECK(inf >= 0);  // the +Inf bucket is there
    CHECK(f.value(name + "_count") == inf);
    CHECK(f.value(name + "_sum") >= 0);
  }
  return out;
}

}  // namespace triad::testing
