#include "paper_document.h"

#include <algorithm>

#include "paper_fields.h"

namespace triad::paper::detail {

namespace {

using Kind = Block::Kind;

// The fields a reader looks for first, in the order a paper form gives them.
const std::vector<std::string_view> kObservationFirst{
    "school", "date", "observed_teacher", "observers", "purpose", "focus", "lesson_study"};
const std::vector<std::string_view> kLessonStudyFirst{"lesson_date", "members", "senior_link",
                                                      "focus",       "cycle",   "targeted_pupils"};

std::string value_of(core::LocalRecords& store, const core::RecordState& record,
                     std::string_view field) {
  const core::TypeSpec* type = core::find_type(record.header.type);
  const core::FieldState* state = record.field(std::string(field));
  if (!type || !state || state->has_conflict()) return {};
  return shown_value(store, type->field(field), *state);
}

// "Zoë Evans, 2014-03-21, Fortismere": the parts that are there.
std::string parts(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& t : texts)
    if (!t.empty()) out += (out.empty() ? "" : ", ") + t;
  return out;
}

// Where the lesson took place: the observation's school, else the school that recorded it.
std::string school_of(core::LocalRecords& store, const core::RecordState& observation) {
  const std::string school = value_of(store, observation, "school");
  return school.empty() ? store.label(observation.header.school) : school;
}

std::string small_print(core::LocalRecords& store, const core::RecordState& record) {
  return "Recorded by " + store.label(record.header.author) + " at " +
         store.label(record.header.school) + " on " +
         local_time(core::hlc_millis(record.header.created.hlc)) + ". Record " +
         record.header.id.to_string() + ".";
}

// An observation's fields, the school first even when it was not filled in.
void add_observation_fields(core::LocalRecords& store, const core::RecordState& observation,
                            bool in_lesson_study, const PrintContext& context,
                            std::vector<Block>& blocks) {
  blocks.push_back({Kind::kField, school_of(store, observation), "School"});
  std::vector<std::string_view> skip{"school"};
  if (in_lesson_study) skip.push_back("lesson_study");
  add_fields(store, observation, kObservationFirst, skip, context, blocks);
}

// The observations that name `lesson_study`, those this store holds, by date.
core::Result<std::vector<core::RecordState>> observations_of(core::LocalRecords& store,
                                                             const core::RecordState& study) {
  auto all = store.list("observation");
  if (!all) return all.status();
  std::vector<core::RecordState> out;
  for (core::RecordState& o : *all) {
    const core::FieldState* link = o.field("lesson_study");
    if (link && link->value() == study.header.id.to_string()) out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto* da = a.field("date");
    const auto* db = b.field("date");
    return (da ? da->value() : "") < (db ? db->value() : "");
  });
  return out;
}

PaperDocument observation_paper(core::LocalRecords& store, const core::RecordState& o,
                                const PrintContext& context) {
  PaperDocument paper;
  const std::string teacher = value_of(store, o, "observed_teacher");
  const std::string date = value_of(store, o, "date");
  paper.title = "Lesson observation: " + parts({teacher, date});
  paper.running_head = paper.title;
  paper.blocks.push_back({Kind::kTitle, "Lesson observation", {}});
  paper.blocks.push_back({Kind::kSubtitle, parts({teacher, date, school_of(store, o)}), {}});
  add_observation_fields(store, o, false, context, paper.blocks);
  paper.blocks.push_back({Kind::kSection, "Who may see it", {}});
  paper.blocks.push_back({Kind::kText, audience_text(store, o), {}});
  paper.blocks.push_back({Kind::kSmall, small_print(store, o), {}});
  return paper;
}

core::Result<PaperDocument> lesson_study_paper(core::LocalRecords& store,
                                               const core::RecordState& study,
                                               const PrintContext& context) {
  auto observations = observations_of(store, study);
  if (!observations) return observations.status();
  PaperDocument paper;
  const std::string focus = value_of(store, study, "focus");
  const std::string date = value_of(store, study, "lesson_date");
  paper.title = "Lesson study: " + parts({focus, date});
  paper.running_head = paper.title;
  paper.blocks.push_back({Kind::kTitle, "Lesson study", {}});
  paper.blocks.push_back({Kind::kSubtitle, parts({focus, date}), {}});
  add_fields(store, study, kLessonStudyFirst, {}, context, paper.blocks);
  paper.blocks.push_back({Kind::kSection, "Who may see it", {}});
  paper.blocks.push_back({Kind::kText, audience_text(store, study), {}});
  paper.blocks.push_back({Kind::kSmall, small_print(store, study), {}});
  const size_t n = observations->size();
  if (n == 0)
    paper.blocks.push_back(
        {Kind::kSection, "No observations of this lesson study are on this device", {}});
  for (size_t i = 0; i < n; ++i) {
    const core::RecordState& o = (*observations)[i];
    paper.blocks.push_back(
        {Kind::kSection,
         "Observation " + std::to_string(i + 1) + " of " + std::to_string(n) + ": " +
             parts({value_of(store, o, "observed_teacher"), value_of(store, o, "date")}),
         {}});
    add_observation_fields(store, o, true, context, paper.blocks);
    paper.blocks.push_back({Kind::kField, audience_text(store, o), "Who may see it"});
    paper.blocks.push_back({Kind::kSmall, small_print(store, o), {}});
  }
  return paper;
}

// A file name any system accepts: no folder separators, no characters Windows refuses, no control
// characters, and not too long (cut at a character's start, never inside a UTF-8 sequence).
std::string safe_file_name(std::string name) {
  for (char& c : name)
    if (static_cast<unsigned char>(c) < 0x20 ||
        std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos)
      c = ' ';
  std::string spaced;  // a character replaced beside a space leaves one space, not two
  for (char c : name)
    if (c != ' ' || (!spaced.empty() && spaced.back() != ' ')) spaced += c;
  name = std::move(spaced);
  constexpr size_t kMaxBytes = 120;
  if (name.size() > kMaxBytes) {
    size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == '.')) name.pop_back();
  return name;
}

}  // namespace

core::Result<PaperDocument> paper_of(core::LocalRecords& store, const core::RecordState& record,
                                     const PrintContext& context) {
  PaperDocument paper;
  if (record.header.type == "observation") {
    paper = observation_paper(store, record, context);
  } else {
    auto study = lesson_study_paper(store, record, context);
    if (!study) return study.status();
    paper = std::move(study).value();
  }
  const core::Identity& me = store.identity();
  paper.footer = "Printed " + local_time(context.printed_ms) + " from " + me.person_name +
                 "'s device (" + core::site_text(me.site).substr(0, 8) + ") at " + me.school_name;
  return paper;
}

std::string file_name_of(core::LocalRecords& store, const core::RecordState& record) {
  const bool observation = record.header.type == "observation";
  std::string name = observation ? "Observation" : "Lesson study";
  const std::string date = value_of(store, record, observation ? "date" : "lesson_date");
  const std::string who = observation ? value_of(store, record, "observed_teacher") : "";
  const std::string focus = value_of(store, record, "focus");
  for (const std::string& part : {date, who})
    if (!part.empty()) name += " " + part;
  if (!focus.empty()) name += " - " + focus;
  if (date.empty() && who.empty() && focus.empty())
    name += " " + record.header.id.to_string().substr(0, 8);
  return safe_file_name(name) + ".pdf";
}

}  // namespace triad::paper::detail
