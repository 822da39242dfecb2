// The record types of DOMAIN.md: the one table to edit when a type or field is added.
// Field names are persistent and on the wire: rename only with a migration.
#include <array>

#include "triad/core/schema.h"

namespace triad::core {
namespace {

using K = FieldKind;
using V = ValueType;
using sv = std::string_view;

constexpr std::array<sv, 3> kThemes{"pedagogy", "professional-development", "leadership"};
constexpr std::array<sv, 5> kEnquiryPhases{"scoping", "baseline", "innovation", "impact",
                                           "dissemination"};
constexpr std::array<sv, 2> kDecisions{"continue", "switch"};
constexpr std::array<sv, 4> kObservationPurposes{"lesson-study", "peer", "learning-walk",
                                                 "trainee"};
constexpr std::array<sv, 5> kCoachingModes{"real-time", "in-class", "peer", "group", "video"};
constexpr std::array<sv, 4> kLogKinds{"reflective-journal", "evidence-log", "leadership-log",
                                      "field-notes"};
constexpr std::array<sv, 7> kEvidenceKinds{"questionnaire",   "interview", "pupil-progress",
                                           "wellbeing-scale", "survey",    "film",
                                           "work-sample"};
constexpr std::array<sv, 2> kEvidenceStages{"baseline", "impact"};
constexpr std::array<sv, 5> kSchoolPhases{"nursery", "primary", "secondary", "special",
                                          "all-through"};
constexpr std::array<sv, 10> kRoles{"teacher",
                                    "sle",
                                    "coach",
                                    "headteacher",
                                    "senior-leader",
                                    "research-lead",
                                    "project-coordinator",
                                    "alliance-director",
                                    "trainee",
                                    "external-facilitator"};

constexpr FieldSpec kSchoolFields[] = {
    {"name", K::kRegister, V::kText, true, {}, {}, "the school's name"},
    {"phase", K::kRegister, V::kChoice, false, kSchoolPhases, {}, "nursery, primary, ..."},
};

constexpr FieldSpec kPersonFields[] = {
    {"name", K::kRegister, V::kText, true, {}, {}, "full name of the member of staff"},
    {"school", K::kRegister, V::kSchool, true, {}, {}, "the school they work at"},
    {"roles", K::kSet, V::kChoice, false, kRoles, {}, "teacher, sle, coach, headteacher, ..."},
    // Each device a person records on adds its site id (16 hex digits) when its store is made
    // and when it takes a new one, so a version's writer can be named (Store::note_own_device).
    {"devices", K::kSet, V::kText, false, {}, {}, "the devices they record on (site ids)"},
};

constexpr FieldSpec kEnquiryFields[] = {
    {"title", K::kRegister, V::kText, true, {}, {}, "short title of the enquiry"},
    {"theme", K::kRegister, V::kChoice, false, kThemes, {}, "national theme"},
    {"research_question", K::kMergingText, V::kLongText, false, {}, {}, "the question it asks"},
    {"focus", K::kRegister, V::kText, false, {}, {}, "teaching focus"},
    {"interventions", K::kSet, V::kText, false, {}, {}, "interventions tried"},
    {"schools", K::kSet, V::kSchool, false, {}, {}, "schools taking part"},
    {"lead", K::kRegister, V::kPerson, false, {}, {}, "project lead"},
    {"baseline", K::kMergingText, V::kLongText, false, {}, {}, "baseline description"},
    {"success_criteria", K::kMergingText, V::kLongText, false, {}, {}, "what success looks like"},
    {"phase", K::kRegister, V::kChoice, false, kEnquiryPhases, {}, "where the enquiry is"},
};

constexpr FieldSpec kEnquiryCycleFields[] = {
    {"enquiry", K::kRegister, V::kRecord, true, {}, "enquiry", "the enquiry this cycle belongs to"},
    {"number", K::kRegister, V::kNumber, true, {}, {}, "cycle number"},
    {"intervention", K::kRegister, V::kText, false, {}, {}, "intervention tried"},
    {"went_well", K::kMergingText, V::kLongText, false, {}, {}, "what went well"},
    {"did_not", K::kMergingText, V::kLongText, false, {}, {}, "what did not"},
    {"problems", K::kMergingText, V::kLongText, false, {}, {}, "problems met"},
    {"decision", K::kRegister, V::kChoice, false, kDecisions, {}, "continue or switch"},
};

constexpr FieldSpec kLessonStudyFields[] = {
    {"enquiry", K::kRegister, V::kRecord, false, {}, "enquiry", "enquiry it serves (optional)"},
    {"members", K::kSet, V::kPerson, true, {}, {}, "the triad: teachers, may span schools"},
    {"senior_link", K::kRegister, V::kPerson, false, {}, {}, "senior leadership link"},
    {"focus", K::kRegister, V::kText, false, {}, {}, "teaching focus"},
    {"targeted_pupils", K::kSet, V::kPupilCode, false, {}, {}, "pupil codes such as Y4-07"},
    {"joint_plan", K::kMergingText, V::kLongText, false, {}, {}, "the jointly planned lesson"},
    {"lesson_date", K::kRegister, V::kDate, false, {}, {}, "date of the research lesson"},
    {"cycle", K::kRegister, V::kNumber, false, {}, {}, "cycle number"},
    {"review", K::kMergingText, V::kLongText, false, {}, {}, "post-lesson review"},
};

constexpr FieldSpec kObservationFields[] = {
    {"lesson_study",
     K::kRegister,
     V::kRecord,
     false,
     {},
     "lesson_study",
     "lesson study (optional)"},
    {"enquiry", K::kRegister, V::kRecord, false, {}, "enquiry", "enquiry (optional)"},
    {"observers", K::kSet, V::kPerson, false, {}, {}, "who observed"},
    {"observed_teacher", K::kRegister, V::kPerson, true, {}, {}, "whose lesson it was"},
    {"school", K::kRegister, V::kSchool, false, {}, {}, "where the lesson took place"},
    {"date", K::kRegister, V::kDate, false, {}, {}, "date of the lesson"},
    {"focus", K::kRegister, V::kText, false, {}, {}, "lesson focus"},
    {"notes", K::kMergingText, V::kLongText, false, {}, {}, "observation notes"},
    {"pupil_responses", K::kMergingText, V::kLongText, false, {}, {}, "targeted pupils' responses"},
    {"feedback",
     K::kMergingText,
     V::kLongText,
     false,
     {},
     {},
     "developmental feedback (no grades)"},
    {"purpose", K::kRegister, V::kChoice, false, kObservationPurposes, {}, "why it was observed"},
    {"tags", K::kSet, V::kText, false, {}, {}, "free tags"},
};

constexpr FieldSpec kCoachingSessionFields[] = {
    {"coach", K::kRegister, V::kPerson, true, {}, {}, "the coach"},
    {"coachee", K::kRegister, V::kPerson, true, {}, {}, "the teacher coached"},
    {"mode", K::kRegister, V::kChoice, false, kCoachingModes, {}, "how the coaching ran"},
    {"date", K::kRegister, V::kDate, false, {}, {}, "date of the session"},
    {"focus", K::kRegister, V::kText, false, {}, {}, "focus of the session"},
    {"notes", K::kMergingText, V::kLongText, false, {}, {}, "session notes"},
    {"next_steps", K::kMergingText, V::kLongText, false, {}, {}, "agreed next steps"},
};

constexpr FieldSpec kCoachingNoteFields[] = {
    {"session", K::kRegister, V::kRecord, true, {}, "coaching_session", "the coaching session"},
    {"date", K::kRegister, V::kDate, false, {}, {}, "date of the note"},
    {"text", K::kMergingText, V::kLongText, true, {}, {}, "the note"},
};

constexpr FieldSpec kLearningLogFields[] = {
    {"title", K::kRegister, V::kText, true, {}, {}, "title of the log"},
    {"kind", K::kRegister, V::kChoice, false, kLogKinds, {}, "reflective-journal, ..."},
    {"enquiry", K::kRegister, V::kRecord, false, {}, "enquiry", "enquiry (optional)"},
};

constexpr FieldSpec kLogEntryFields[] = {
    {"log", K::kRegister, V::kRecord, true, {}, "learning_log", "the learning log"},
    {"date", K::kRegister, V::kDate, true, {}, {}, "date of the entry"},
    {"text", K::kMergingText, V::kLongText, true, {}, {}, "the entry"},
    {"tags", K::kSet, V::kText, false, {}, {}, "free tags"},
};

constexpr FieldSpec kEvidenceFields[] = {
    {"enquiry", K::kRegister, V::kRecord, true, {}, "enquiry", "the enquiry it is evidence for"},
    {"kind", K::kRegister, V::kChoice, false, kEvidenceKinds, {}, "questionnaire, interview, ..."},
    {"stage", K::kRegister, V::kChoice, false, kEvidenceStages, {}, "baseline or impact"},
    {"date", K::kRegister, V::kDate, false, {}, {}, "date collected"},
    {"summary", K::kMergingText, V::kLongText, false, {}, {}, "what it shows"},
    {"figures", K::kRegister, V::kText, false, {}, {}, "figures, e.g. confidence=3.1"},
    {"attachments", K::kSet, V::kText, false, {}, {}, "file names of attachments"},
};

constexpr TypeSpec kTypes[] = {
    {"school", "School", Scope::kAlliance, {}, "name", kSchoolFields},
    {"person", "Person", Scope::kAlliance, {}, "name", kPersonFields},
    {"enquiry", "Enquiry", Scope::kAlliance, {}, "title", kEnquiryFields},
    {"enquiry_cycle", "Enquiry cycle", Scope::kAlliance, "enquiry", "intervention",
     kEnquiryCycleFields},
    {"lesson_study", "Lesson study", Scope::kParticipants, {}, "focus", kLessonStudyFields},
    {"observation", "Lesson observation", Scope::kParticipants, {}, "focus", kObservationFields},
    {"coaching_session",
     "Coaching session",
     Scope::kParticipants,
     {},
     "focus",
     kCoachingSessionFields},
    {"coaching_note", "Coaching note", Scope::kParticipants, "session", "date",
     kCoachingNoteFields},
    {"learning_log", "Learning log", Scope::kPrivate, {}, "title", kLearningLogFields},
    {"log_entry", "Log entry", Scope::kPrivate, "log", "date", kLogEntryFields},
    {"evidence", "Evidence", Scope::kAlliance, "enquiry", "summary", kEvidenceFields},
};

}  // namespace

const FieldSpec* TypeSpec::field(std::string_view field_name) const {
  for (const FieldSpec& f : fields)
    if (f.name == field_name) return &f;
  return nullptr;
}

std::span<const TypeSpec> record_types() { return kTypes; }

const TypeSpec* find_type(std::string_view name) {
  for (const TypeSpec& t : kTypes)
    if (t.name == name) return &t;
  return nullptr;
}

const char* to_string(Scope scope) {
  switch (scope) {
    case Scope::kPrivate:
      return "private";
    case Scope::kParticipants:
      return "participants";
    case Scope::kSchool:
      return "school";
    case Scope::kAlliance:
      return "alliance";
  }
  return "private";
}

Result<Scope> parse_scope(std::string_view text) {
  for (Scope s : {Scope::kPrivate, Scope::kParticipants, Scope::kSchool, Scope::kAlliance})
    if (text == to_string(s)) return s;
  return invalid_argument("unknown scope '" + std::string(text) +
                          "': use private, participants, school or alliance");
}

}  // namespace triad::core
