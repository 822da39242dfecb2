// Workload W: three schools each record R observations offline, then edit 20% of them and delete
// 2% others, then sync with a hub that writes nothing. Generated from a seed alone, with no
// engine code, so the state every replica must reach can be computed here and compared.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace triad::bench {

constexpr int kSchools = 3;
constexpr int kAuthorsPerSchool = 25;
constexpr int kFocusPhrases = 30;
constexpr int kTags = 40;
constexpr size_t kNotesChars = 300;

struct Observation {
  int school = 0;       // 0..2
  uint32_t number = 0;  // 0..R-1 within its school
  int author = 0;       // 0..24 within its school
  std::string focus;
  std::string notes;
  std::array<std::string, 3> tags;  // distinct
  uint64_t created_at = 0;          // ms
  uint64_t updated_at = 0;          // ms
};

// One user action at a school, in the order the school does them.
struct Action {
  enum class Kind { kCreate, kUpdateNotes, kDelete };
  Kind kind;
  uint32_t number;    // which observation of the school
  std::string notes;  // kUpdateNotes: the new text
  uint64_t at = 0;    // ms: created_at or updated_at
};

struct SchoolWork {
  std::vector<Observation> created;  // as created, indexed by number
  std::vector<Action> actions;       // creates, then updates, then deletes
};

struct Workload {
  uint64_t seed = 42;
  size_t records_per_school = 0;
  std::array<SchoolWork, kSchools> schools;
  std::vector<Observation> expected;  // live observations after all actions, every school
};

// `schools` below kSchools generates only the first ones (the scale runs need one school's data).
Workload generate_workload(size_t records_per_school, uint64_t seed, int schools = kSchools);

const std::string& school_name(int school);
std::string author_name(int school, int author);

// One line per observation with every value a user sees, and the SHA-256 (hex) of the sorted
// lines: two replicas hold the same observations exactly when their hashes are equal.
std::string canonical_line(const std::string& school, const std::string& author,
                           const std::string& focus, const std::string& notes,
                           std::vector<std::string> tags, uint64_t created_at, uint64_t updated_at);
std::string hash_lines(std::vector<std::string> lines);
std::string expected_hash(const Workload& w);

}  // namespace triad::bench
