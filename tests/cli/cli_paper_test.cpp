// triad pdf: an observation, and a lesson study with its observations, printed as A4 PDFs and
// read back with poppler's pdftotext and pdfinfo, as a person would find them on paper: names
// with accents, long notes running over pages, texts in conflict, page numbers; and the refusals
// (unknown record, a type with no paper form, a file already there, a path that cannot be written).
#include <catch2/catch.hpp>

#include "cli_scenarios.h"

using namespace triad::testing;

namespace {

constexpr int kBadInput = 2;

// The text of a PDF (pages `first` to `last`, 0 for all), as pdftotext extracts it keeping the
// layout (a field's name on the line of its value).
std::string pdf_text(const std::string& pdf, int first = 0, int last = 0) {
  std::vector<std::string> args{"-layout"};
  if (first) args.insert(args.end(), {"-f", std::to_string(first), "-l", std::to_string(last)});
  args.insert(args.end(), {"-enc", "UTF-8", pdf, "-"});
  const ProcessResult r = run_process(TRIAD_PDFTOTEXT_PATH, args, {});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// pdfinfo's value for `key` ("Pages", "Page size", "Title").
std::string pdf_info(const std::string& pdf, const std::string& key) {
  const ProcessResult r = run_process(TRIAD_PDFINFO_PATH, {pdf}, {});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const std::string& line : lines_of(r.out))
    if (line.rfind(key + ":", 0) == 0)
      return line.substr(line.find_first_not_of(' ', key.size() + 1));
  FAIL("pdfinfo printed no " << key << ":\n" << r.out);
  return {};
}

// pdftotext breaks lines where the paper does: compare texts with every run of spaces and line
// breaks as one space.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\f';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// Ana Diaz at Fortismere, who records; colleagues whose names are not ASCII.
struct Staffroom {
  CliWorkspace ws;
  Staffroom() {
    ws.init(kSchoolA, kPersonA);
    for (const char* name : {"Siobhán Ní Bhriain", "Zoë Evans", "Łucja Wójcik", "Gwenllian Llŷr"})
      ws.add("person", {std::string("name=") + name, std::string("school=") + kSchoolA});
  }
};

std::string without_spaces(std::string text) {
  std::erase_if(text, [](char c) { return c == ' ' || c == '\n' || c == '\f'; });
  return text;
}

// Notes long enough for three pages: numbered paragraphs, the last one marked.
std::string long_notes() {
  std::string notes;
  for (int i = 1; i <= 20; ++i)
    notes += "Paragraph " + std::to_string(i) +
             ": the pupils talked through their reasoning in pairs before answering, and the "
             "teacher waited longer after each question than in the autumn term.\n\n";
  return notes + "Last paragraph of the notes.";
}

}  // namespace

TEST_CASE("an observation prints on A4, names and long notes read back, pages numbered",
          "[cli][paper]") {
  Staffroom s;
  write_bytes(s.ws.file("notes.txt"), long_notes());
  const std::string id = s.ws.add(
      "observation",
      {"observed_teacher=Siobhán Ní Bhriain", "observers=Zoë Evans,Łucja Wójcik", "date=2014-03-21",
       "focus=Questioning", "purpose=learning-walk", "notes=@" + s.ws.file("notes.txt"),
       "feedback=Diolch, Gwenllian Llŷr: try think-pair-share next time."});
  const std::string pdf = s.ws.file("observation.pdf");
  const std::string out = s.ws.ok({"pdf", id, "--out", pdf});
  CHECK(out == "wrote " + pdf + " (3 pages of A4)\n");

  CHECK(pdf_info(pdf, "Page size") == "595.28 x 841.89 pts (A4)");
  CHECK(pdf_info(pdf, "Pages") == "3");
  CHECK(pdf_info(pdf, "Title") == "Lesson observation: Siobhán Ní Bhriain, 2014-03-21");
  const std::string text = one_line(pdf_text(pdf));
  INFO(text);
  for (const char* expected :
       {"Lesson observation Siobhán Ní Bhriain, 2014-03-21, Fortismere", "School Fortismere",
        "Date 2014-03-21", "Observed teacher Siobhán Ní Bhriain",
        "Observers Zoë Evans, Łucja Wójcik", "Purpose learning walk", "Focus Questioning",
        "Notes Paragraph 1: the pupils talked",
        "Feedback Diolch, Gwenllian Llŷr: try think-pair-share next time.", "Who may see it",
        "The people it names: Ana Diaz, Siobhán Ní Bhriain, Zoë Evans and Łucja Wójcik.",
        "Recorded by Ana Diaz at Fortismere on", "from Ana Diaz's device", "Page 1 of 3",
        "Page 3 of 3"})
    CHECK(contains(text, expected));
  CHECK(contains(without_spaces(text), "Record" + id));  // an id may be broken at a hyphen
  // The notes run on over the pages, whole and in order.
  const std::string page1 = one_line(pdf_text(pdf, 1, 1));
  const std::string page3 = one_line(pdf_text(pdf, 3, 3));
  CHECK(contains(page1, "Paragraph 1:"));
  CHECK_FALSE(contains(page1, "Last paragraph of the notes."));
  CHECK(contains(page3, "Last paragraph of the notes."));
  CHECK(contains(page3, "Lesson observation: Siobhán Ní Bhriain, 2014-03-21"));  // running head
  size_t at = 0;
  for (int i = 1; i <= 20; ++i) {
    const size_t next = text.find("Paragraph " + std::to_string(i) + ": the pupils", at);
    INFO("paragraph " << i);
    REQUIRE(next != std::string::npos);
    at = next;
  }
}

TEST_CASE("a lesson study prints with the observations this store holds of it", "[cli][paper]") {
  TwoSchools s;
  s.ws.ok_on(s.a, {"merge", s.b});  // each knows the other's person
  const std::string study = s.ws.add_on(
      s.a, "lesson_study",
      {"members=Ana Diaz,Ben Lee", "focus=Reasoning in Year 4", "lesson_date=2014-05-02",
       "joint_plan=Pupils explain a method to a partner.", "scope=alliance"});
  s.ws.add_on(s.a, "observation",
              {"lesson_study=" + study, "observed_teacher=Ben Lee", "observers=Ana Diaz",
               "date=2014-05-02", "notes=Ben's pupils explained their methods."});
  s.ws.add_on(s.a, "observation",
              {"lesson_study=" + study, "observed_teacher=Ana Diaz", "date=2014-05-09",
               "notes=Ana's own notes, kept to herself.", "scope=private"});
  s.ws.add_on(s.a, "observation", {"observed_teacher=Ben Lee", "notes=Another lesson."});

  const std::string pdf_a = s.ws.file("study-a.pdf");
  s.ws.ok_on(s.a, {"pdf", study, "--out", pdf_a});
  const std::string a = one_line(pdf_text(pdf_a));
  INFO(a);
  for (const char* expected :
       {"Lesson study Reasoning in Year 4, 2014-05-02", "Members Ana Diaz, Ben Lee",
        "Joint plan Pupils explain a method to a partner.", "Everyone in the alliance.",
        "Observation 1 of 2: Ben Lee, 2014-05-02", "Ben's pupils explained their methods.",
        "Observation 2 of 2: Ana Diaz, 2014-05-09", "Ana's own notes, kept to herself.",
        "Who may see it Only its author, Ana Diaz"})
    CHECK(contains(a, expected));
  CHECK_FALSE(contains(a, "Another lesson."));  // not an observation of this study

  // Ben's store never received Ana's private observation, so his paper cannot show it.
  s.ws.ok_on(s.b, {"merge", s.a});
  const std::string pdf_b = s.ws.file("study-b.pdf");
  s.ws.ok_on(s.b, {"pdf", study, "--out", pdf_b});
  const std::string b = one_line(pdf_text(pdf_b));
  INFO(b);
  CHECK(contains(b, "Observation 1 of 1: Ben Lee, 2014-05-02"));
  CHECK_FALSE(contains(b, "kept to herself"));
  CHECK(contains(b, "from Ben Lee's device"));
}

TEST_CASE("a text in conflict prints as both versions, marked", "[cli][paper]") {
  NotesConflict c;
  const std::string pdf = c.ws.file("conflict.pdf");
  c.ws.ok_on(c.a, {"pdf", c.id, "--out", pdf});
  const std::string text = one_line(pdf_text(pdf));
  INFO(text);
  CHECK(contains(text, "Notes Conflict: 2 versions of this text were written at the same time"));
  CHECK(contains(text, "Version 1 (shown in Triad now):"));
  CHECK(contains(text, "Version 2 (written at the same time, not shown):"));
  CHECK(contains(text, "notes by A"));
  CHECK(contains(text, "notes by B"));
  CHECK(contains(text, "Ana Diaz, "));  // who wrote a version, named from their device
}

TEST_CASE("triad pdf refuses what it cannot print, and never overwrites unasked", "[cli][paper]") {
  Staffroom s;
  const std::string id = s.ws.add("observation", {"observed_teacher=Zoë Evans", "focus=Phonics"});
  const std::string pdf = s.ws.file("paper.pdf");

  check_refused(s.ws, s.ws.db(), {"pdf", "0190aaaa-0000-7000-8000-000000000000", "--out", pdf},
                kBadInput, "0190aaaa-0000-7000-8000-000000000000");
  const std::string coaching =
      s.ws.add("coaching_session", {"coach=Ana Diaz", "coachee=Zoë Evans", "focus=Wait time"});
  check_refused(s.ws, s.ws.db(), {"pdf", coaching, "--out", pdf}, kBadInput,
                "a record of type Coaching session has no paper form: Triad prints "
                "observations and lesson studies");
  CHECK_FALSE(std::filesystem::exists(pdf));

  s.ws.ok({"pdf", id, "--out", pdf});
  const std::string first = read_bytes(pdf);
  REQUIRE(first.rfind("%PDF-", 0) == 0);
  CHECK(std::filesystem::status(pdf).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  s.ws.ok({"set", id, "focus=Phonics and spelling"});
  check_refused(s.ws, s.ws.db(), {"pdf", id, "--out", pdf}, kBadInput,
                pdf + " already exists; it was left as it is (--force replaces it");
  CHECK(read_bytes(pdf) == first);
  s.ws.ok({"pdf", id, "--out", pdf, "--force"});
  CHECK(contains(one_line(pdf_text(pdf)), "Focus Phonics and spelling"));

  write_bytes(s.ws.file("plain.txt"), "not a folder");
  check_refused(s.ws, s.ws.db(), {"pdf", id, "--out", s.ws.file("plain.txt/paper.pdf")}, kBadInput,
                "there is no folder " + s.ws.file("plain.txt"));
  check_refused(s.ws, s.ws.db(), {"pdf", id, "--out", s.ws.file("")}, kBadInput,
                "is a folder: name the PDF file to write");
  for (const auto& entry : std::filesystem::directory_iterator(s.ws.file("")))
    CHECK_FALSE(contains(entry.path().filename().string(), ".part-"));  // nothing half-written

  s.ws.ok({"delete", id});
  check_refused(s.ws, s.ws.db(), {"pdf", id, "--out", s.ws.file("gone.pdf")}, kBadInput,
                "was deleted: its text was erased, so there is nothing to print");
}

TEST_CASE("triad pdf --help says what it prints and how", "[cli][paper]") {
  CliWorkspace ws;
  const CliResult r = ws.run_raw({"pdf", "--help"});
  CHECK(r.exit_code == 0);
  for (const char* phrase : {"A4", "lesson study with its observations", "--out", "--force",
                             "only what this device's store holds"})
    CHECK(contains(r.out, phrase));
}
