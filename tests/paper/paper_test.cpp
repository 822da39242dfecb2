// print_record on stores in memory: which records have a paper, the file names papers get, and
// the layout read back with pdftotext -bbox (where each word was drawn): nothing beyond the
// margins, even a word longer than a line, and a long text on as many pages as it needs.
#include "triad/paper/paper.h"

#include <catch2/catch.hpp>
#include <regex>

#include "process.h"
#include "test_support.h"
#include "triad/core/store.h"

namespace {

using namespace triad;
using Op = core::FieldEdit::Op;

std::unique_ptr<core::Store> staffroom() {
  auto store = core::Store::create(":memory:", "Fortismere", "Ana Diaz");
  REQUIRE(store.is_ok());
  REQUIRE((*store)
              ->create_record("person", {{"name", Op::kAssign, "Zoë Evans"},
                                         {"school", Op::kAssign, "Fortismere"}})
              .is_ok());
  return std::move(store).value();
}

core::RecordId add(core::Store& store, const char* type, const core::FieldEdits& edits) {
  auto id = store.create_record(type, edits);
  INFO(id.status().message());
  REQUIRE(id.is_ok());
  return *id;
}

paper::Paper print(core::Store& store, const core::RecordId& id) {
  auto printed = paper::print_record(store, id, {store.wall_ms(), {}});
  INFO(printed.status().message());
  REQUIRE(printed.is_ok());
  return std::move(printed).value();
}

// Whether `text` is UTF-8 cut only between characters (no sequence left unfinished).
bool whole_characters(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

struct Word {
  double x_min, y_min, x_max, y_max;
  std::string text;
};

// Every word of the PDF with its box in points, as pdftotext -bbox finds it.
std::vector<Word> words_of(const paper::Paper& printed) {
  testing::TempDir dir;
  REQUIRE(paper::save_pdf(printed.pdf, dir.file("p.pdf"), false).is_ok());
  const testing::ProcessResult r =
      testing::run_process(TRIAD_PDFTOTEXT_PATH, {"-bbox", dir.file("p.pdf"), "-"}, {});
  REQUIRE(r.exit_code == 0);
  // A plain string: clang-format 14 mangles this raw string literal.
  static const std::regex word(
      "<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">"
      "([^<]*)</word>");
  std::vector<Word> out;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), word);
       it != std::sregex_iterator(); ++it)
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                   std::stod((*it)[4]), (*it)[5]});
  return out;
}

}  // namespace

TEST_CASE("observations and lesson studies have a paper form, other records do not", "[paper]") {
  CHECK(paper::has_paper_form("observation"));
  CHECK(paper::has_paper_form("lesson_study"));
  CHECK_FALSE(paper::has_paper_form("coaching_session"));
  CHECK_FALSE(paper::has_paper_form("learning_log"));
  auto store = staffroom();
  const core::RecordId coaching =
      add(*store, "coaching_session",
          {{"coach", Op::kAssign, "Ana Diaz"}, {"coachee", Op::kAssign, "Zoë Evans"}});
  auto refused = paper::print_record(*store, coaching, {});
  CHECK(refused.status().code() == core::StatusCode::kFailedPrecondition);
  CHECK(refused.status().message() ==
        "a record of type Coaching session has no paper form: Triad prints observations and "
        "lesson studies");
  const core::RecordId unknown = core::RecordId::generate(1'400'000'000'000);
  auto missing = paper::print_record(*store, unknown, {});
  CHECK(missing.status().code() == core::StatusCode::kNotFound);
  CHECK(missing.status().message() == "this device holds no record " + unknown.to_string());
}

TEST_CASE("a paper's file name says what it is, in characters every system accepts", "[paper]") {
  auto store = staffroom();
  const core::RecordId study =
      add(*store, "lesson_study",
          {{"members", Op::kAdd, "Ana Diaz"}, {"focus", Op::kAssign, "Reasoning"}});
  CHECK(print(*store, study).file_name == "Lesson study - Reasoning.pdf");
  const core::RecordId observation = add(*store, "observation",
                                         {{"observed_teacher", Op::kAssign, "Zoë Evans"},
                                          {"date", Op::kAssign, "2014-03-21"},
                                          {"focus", Op::kAssign, "Reasoning: 7 × 8 / 8 × 7?"}});
  CHECK(print(*store, observation).file_name ==
        "Observation 2014-03-21 Zoë Evans - Reasoning 7 × 8 8 × 7.pdf");
  const core::RecordId bare =
      add(*store, "observation", {{"observed_teacher", Op::kAssign, "Zoë Evans"}});
  CHECK(print(*store, bare).file_name == "Observation Zoë Evans.pdf");

  // A long focus is cut to a name of at most 120 bytes before ".pdf", between characters.
  std::string focus = "x";  // so that byte 120 falls inside a "ź"
  for (int i = 0; i < 60; ++i) focus += "Łódź ";
  REQUIRE(store->update_record(bare, {{"focus", Op::kAssign, focus}}).is_ok());
  const std::string name = print(*store, bare).file_name;
  CHECK(name.size() <= 124);
  CHECK(name.rfind("Observation Zoë Evans - xŁódź Łódź", 0) == 0);
  CHECK(name.substr(name.size() - 10) == " Łód.pdf");
  CHECK(name.substr(name.size() - 4) == ".pdf");
  CHECK(whole_characters(name));
}

TEST_CASE("nothing is drawn beyond the margins, even a word longer than a line", "[paper]") {
  auto store = staffroom();
  const std::string word(6000, 'x');
  const core::RecordId id = add(*store, "observation",
                                {{"observed_teacher", Op::kAssign, "Zoë Evans"},
                                 {"focus", Op::kAssign, std::string(300, 'f')},
                                 {"notes", Op::kAssign, "Before " + word + " after"}});
  const paper::Paper printed = print(*store, id);
  CHECK(printed.pages >= 2);
  const std::vector<Word> words = words_of(printed);
  REQUIRE(words.size() > 100);
  size_t xs = 0;
  for (const Word& w : words) {
    INFO(w.text << " at " << w.x_min << "," << w.y_min << " to " << w.x_max << "," << w.y_max);
    CHECK(w.x_min >= 61);
    CHECK(w.x_max <= paper::kA4Width - 61);
    CHECK(w.y_min >= 20);
    CHECK(w.y_max <= paper::kA4Height - 20);
    if (w.text.find_first_not_of('x') == std::string::npos) xs += w.text.size();
  }
  CHECK(xs == word.size());  // the long word whole, over its lines and pages
}
