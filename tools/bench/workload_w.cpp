// Workload W's data: deterministic from the seed (std::mt19937_64 is specified exactly by the
// standard; the distributions are not, so only raw draws reduced by modulo are used).
#include "workload_w.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace triad::bench {

namespace {

const char* const kFoci[kFocusPhrases] = {
    "questioning techniques",        "collaborative learning",      "reciprocal peer teaching",
    "differentiation in maths",      "engagement and assessment",   "mathematical fluency",
    "reasoning through problems",    "low-level disruption",        "writing paragraphs in Year 4",
    "times tables and mental maths", "phonics in Reception",        "growth mindset in mathematics",
    "language for learning",         "wait time after questions",   "think-pair-share",
    "modelling extended writing",    "feedback without grades",     "guided reading groups",
    "vocabulary in science",         "child-initiated learning",    "outdoor provision",
    "retrieval practice starters",   "use of mini whiteboards",     "transitions between tasks",
    "scaffolding for EAL pupils",    "challenge for the most able", "peer assessment of drafts",
    "plenary and exit tickets",      "oracy in group discussion",   "spelling patterns in Year 2",
};

const char* const kWords[] = {
    "pupils",    "teacher",   "asked",    "open",      "questions", "waited",    "answers",
    "group",     "talk",      "partner",  "explained", "method",    "reasoning", "model",
    "wrote",     "shared",    "board",    "listened",  "checked",   "learning",  "lesson",
    "focus",     "targeted",  "pupil",    "response",  "deeper",    "thinking",  "prompt",
    "feedback",  "success",   "criteria", "task",      "worked",    "together",  "quietly",
    "confident", "struggled", "improved", "noticed",   "next",      "step",      "try",
    "again",     "wait",      "time",     "seconds",   "before",    "calling",   "on",
    "hands",     "down",      "mixed",    "ability",   "pairs",     "and",       "the",
    "with",      "after",     "then",     "more",
};

const std::string kSchoolNames[kSchools] = {"Fortismere", "Woodroffe", "Thornden"};

// A text of exactly kNotesChars characters made of words.
std::string notes_text(std::mt19937_64& rng) {
  std::string text;
  while (text.size() < kNotesChars) {
    if (!text.empty()) text += ' ';
    text += kWords[rng() % std::size(kWords)];
  }
  text.resize(kNotesChars);
  if (text.back() == ' ') text.back() = '.';
  return text;
}

std::array<std::string, 3> three_tags(std::mt19937_64& rng) {
  std::array<int, 3> picked{};
  for (int i = 0; i < 3; ++i) {
    int t;
    do t = static_cast<int>(rng() % kTags);
    while (std::find(picked.begin(), picked.begin() + i, t) != picked.begin() + i);
    picked[i] = t;
  }
  std::array<std::string, 3> tags;
  for (int i = 0; i < 3; ++i) tags[i] = "tag-" + std::to_string(picked[i] + 1);
  return tags;
}

// A deterministic shuffle (Fisher-Yates with raw draws).
void shuffle(std::vector<uint32_t>& v, std::mt19937_64& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

}  // namespace

const std::string& school_name(int school) { return kSchoolNames[school]; }

std::string author_name(int school, int author) {
  return kSchoolNames[school] + " teacher " + (author < 9 ? "0" : "") + std::to_string(author + 1);
}

Workload generate_workload(size_t records_per_school, uint64_t seed, int schools) {
  for (const char* focus : kFoci) {
    const size_t n = std::char_traits<char>::length(focus);
    if (n < 14 || n > 36)
      throw std::logic_error(std::string("focus phrase out of 14-36 chars: ") + focus);
  }
  Workload w;
  w.seed = seed;
  w.records_per_school = records_per_school;
  const uint64_t start_ms = 1'767'225'600'000ull;  // 2026-01-01: every action is in the past
  for (int s = 0; s < schools; ++s) {
    std::mt19937_64 rng(seed * 1'000'003 + static_cast<uint64_t>(s));
    SchoolWork& work = w.schools[s];
    uint64_t now = start_ms + static_cast<uint64_t>(s) * 7;
    const auto tick = [&] { return now += 1000 + rng() % 1000; };  // a second or two per action
    for (uint32_t n = 0; n < records_per_school; ++n) {
      Observation o;
      o.school = s;
      o.number = n;
      o.author = static_cast<int>(rng() % kAuthorsPerSchool);
      o.focus = kFoci[rng() % kFocusPhrases];
      o.notes = notes_text(rng);
      o.tags = three_tags(rng);
      o.created_at = o.updated_at = tick();
      work.actions.push_back({Action::Kind::kCreate, n, {}, o.created_at});
      work.created.push_back(std::move(o));
    }
    std::vector<uint32_t> order(records_per_school);
    std::iota(order.begin(), order.end(), 0u);
    shuffle(order, rng);
    const size_t updates = records_per_school / 5;   // floor(0.2 R)
    const size_t deletes = records_per_school / 50;  // floor(0.02 R), none of them updated
    for (size_t i = 0; i < updates; ++i)
      work.actions.push_back({Action::Kind::kUpdateNotes, order[i], notes_text(rng), tick()});
    for (size_t i = updates; i < updates + deletes; ++i)
      work.actions.push_back({Action::Kind::kDelete, order[i], {}, tick()});
  }
  // The expected end state, by replaying the actions on plain values.
  for (int s = 0; s < schools; ++s) {
    std::vector<Observation> rows = w.schools[s].created;
    std::vector<bool> gone(rows.size());
    for (const Action& a : w.schools[s].actions) {
      if (a.kind == Action::Kind::kUpdateNotes)
        rows[a.number].notes = a.notes, rows[a.number].updated_at = a.at;
      if (a.kind == Action::Kind::kDelete) gone[a.number] = true;
    }
    for (size_t i = 0; i < rows.size(); ++i)
      if (!gone[i]) w.expected.push_back(std::move(rows[i]));
  }
  return w;
}

std::string canonical_line(const std::string& school, const std::string& author,
                           const std::string& focus, const std::string& notes,
                           std::vector<std::string> tags, uint64_t created_at,
                           uint64_t updated_at) {
  std::sort(tags.begin(), tags.end());
  std::string line = school + '\t' + std::to_string(created_at) + '\t' +
                     std::to_string(updated_at) + '\t' + author + '\t' + focus + '\t' + notes;
  for (const std::string& t : tags) line += '\t' + t;
  return line;
}

std::string hash_lines(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const std::string& line : lines) {
    EVP_DigestUpdate(ctx, line.data(), line.size());
    EVP_DigestUpdate(ctx, "\n", 1);
  }
  unsigned char digest[32];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < size; ++i) out += hex[digest[i] >> 4], out += hex[digest[i] & 15];
  return out;
}

std::string expected_hash(const Workload& w) {
  std::vector<std::string> lines;
  lines.reserve(w.expected.size());
  for (const Observation& o : w.expected)
    lines.push_back(canonical_line(school_name(o.school), author_name(o.school, o.author), o.focus,
                                   o.notes, {o.tags.begin(), o.tags.end()}, o.created_at,
                                   o.updated_at));
  return hash_lines(std::move(lines));
}

}  // namespace triad::bench
