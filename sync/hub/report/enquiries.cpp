// Enquiries: phase, schools, the interventions running at once in each of its schools, baseline
// against impact figures from its evidence, the activity linked to it, and pupils targeted by its
// lesson studies (only as a count over at least kMinPupils pupils).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "alliance_report.h"
#include "report_reading.h"

namespace triad::report {

namespace {

using Figures = std::vector<std::pair<std::string, double>>;

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// "confidence=2.9; engagement=3.1, pupils=24" -> named numbers; parts that are not name=number
// are left out.
Figures parse_figures(std::string_view text) {
  Figures out;
  while (!text.empty()) {
    const size_t end = text.find_first_of(",;");
    const std::string_view part = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string name = trim(part.substr(0, eq)), number = trim(part.substr(eq + 1));
    double v = 0;
    auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    if (!name.empty() && ec == std::errc() && p == number.data() + number.size())
      out.emplace_back(name, v);
  }
  return out;
}

// Evidence about pupils may be shown only when it states that it covers at least kMinPupils of
// them ("pupils=N"). Pupil-progress and work samples are about pupils whatever their figures say.
bool pupil_figures_withheld(const core::RecordState& evidence, const Figures& figures) {
  const std::string kind = detail::value_of(evidence, "kind");
  auto pupils = std::find_if(figures.begin(), figures.end(),
                             [](const auto& f) { return f.first == "pupils"; });
  if (pupils != figures.end()) return pupils->second < kMinPupils;
  return kind == "pupil-progress" || kind == "work-sample";
}

struct Sums {
  double baseline = 0, impact = 0;
  int baseline_n = 0, impact_n = 0;
};

void add_evidence(EnquirySummary& e, std::map<std::string, Sums>& sums,
                  const core::RecordState& r) {
  ++e.evidence_records;
  const Figures figures = parse_figures(detail::value_of(r, "figures"));
  if (pupil_figures_withheld(r, figures)) {
    ++e.withheld_pupil_evidence;
    return;
  }
  const std::string stage = detail::value_of(r, "stage");
  for (const auto& [name, v] : figures) {
    if (name == "pupils") continue;  // how many it covers, not an outcome
    Sums& s = sums[name];
    if (stage == "baseline") s.baseline += v, ++s.baseline_n;
    if (stage == "impact") s.impact += v, ++s.impact_n;
  }
}

std::vector<FigureComparison> comparisons(const std::map<std::string, Sums>& sums) {
  std::vector<FigureComparison> out;
  for (const auto& [name, s] : sums) {
    FigureComparison c{name, std::nullopt, std::nullopt, s.baseline_n, s.impact_n};
    if (s.baseline_n) c.baseline = s.baseline / s.baseline_n;
    if (s.impact_n) c.impact = s.impact / s.impact_n;
    out.push_back(c);
  }
  return out;
}

EnquirySummary summary_of(const core::RecordState& r, detail::Names& names) {
  EnquirySummary e;
  e.id = r.header.id.to_string();
  e.title = detail::value_of(r, "title");
  e.phase = detail::value_of(r, "phase");
  e.theme = detail::value_of(r, "theme");
  e.interventions = detail::elements_of(r, "interventions");
  for (const std::string& school : detail::elements_of(r, "schools"))
    e.schools.push_back(names.of(school));
  std::sort(e.schools.begin(), e.schools.end());
  return e;
}

// school -> interventions of every enquiry running there.
std::map<std::string, std::set<std::string>> running_interventions(
    const std::vector<EnquirySummary>& enquiries) {
  std::map<std::string, std::set<std::string>> out;
  for (const EnquirySummary& e : enquiries)
    if (is_running_phase(e.phase))
      for (const std::string& school : e.schools)
        out[school].insert(e.interventions.begin(), e.interventions.end());
  return out;
}

core::RecordId id_in(const core::RecordState& r, const char* field) {
  return core::RecordId::parse(detail::value_of(r, field)).value_or(core::RecordId());
}

// Counts, for each enquiry in `index`, the alliance-scope activity that names it: lesson studies,
// observations (naming it or one of its lesson studies), entries of learning logs naming it, and
// its cycles.
core::Status count_linked(core::Replica& store, const std::map<core::RecordId, size_t>& index,
                          std::vector<EnquirySummary>& out) {
  const auto of = [&](const core::RecordId& enquiry) -> EnquirySummary* {
    auto it = index.find(enquiry);
    return it == index.end() ? nullptr : &out[it->second];
  };
  std::map<core::RecordId, core::RecordId> study_enquiry, log_enquiry;
  auto studies = detail::alliance_records(store, "lesson_study");
  auto observations = detail::alliance_records(store, "observation");
  auto logs = detail::alliance_records(store, "learning_log");
  auto entries = detail::alliance_records(store, "log_entry");
  auto cycles = detail::alliance_records(store, "enquiry_cycle");
  for (const auto* r : {&studies, &observations, &logs, &entries, &cycles})
    if (!*r) return r->status();
  for (const core::RecordState& r : studies.value()) {
    study_enquiry[r.header.id] = id_in(r, "enquiry");
    if (EnquirySummary* e = of(id_in(r, "enquiry"))) ++e->activity.lesson_study_cycles;
  }
  for (const core::RecordState& r : observations.value()) {
    core::RecordId enquiry = id_in(r, "enquiry");
    if (enquiry.is_nil())
      if (auto it = study_enquiry.find(id_in(r, "lesson_study")); it != study_enquiry.end())
        enquiry = it->second;
    if (EnquirySummary* e = of(enquiry)) ++e->activity.observations;
  }
  for (const core::RecordState& r : logs.value()) log_enquiry[r.header.id] = id_in(r, "enquiry");
  for (const core::RecordState& r : entries.value())
    if (auto it = log_enquiry.find(r.header.parent); it != log_enquiry.end())
      if (EnquirySummary* e = of(it->second)) ++e->activity.log_entries;
  for (const core::RecordState& r : cycles.value())
    if (EnquirySummary* e = of(r.header.parent)) ++e->enquiry_cycles;
  return core::Status::ok();
}

}  // namespace

bool is_running_phase(const std::string& phase) {
  return phase == "innovation" || phase == "impact";
}

core::Result<std::vector<EnquirySummary>> compute_enquiries(core::Replica& store) {
  detail::Names names(store);
  auto enquiries = detail::alliance_records(store, "enquiry");
  auto evidence = detail::alliance_records(store, "evidence");
  auto studies = detail::alliance_records(store, "lesson_study");
  for (const auto* r : {&enquiries, &evidence, &studies})
    if (!*r) return r->status();
  std::vector<EnquirySummary> out;
  std::map<core::RecordId, size_t> index;
  for (const core::RecordState& r : enquiries.value()) {
    index[r.header.id] = out.size();
    out.push_back(summary_of(r, names));
  }
  std::vector<std::map<std::string, Sums>> sums(out.size());
  for (const core::RecordState& r : evidence.value())
    if (auto it = index.find(r.header.parent); it != index.end())
      add_evidence(out[it->second], sums[it->second], r);
  // Pupil codes are chosen by each school, so a pupil is (school, code).
  std::vector<std::set<std::pair<core::RecordId, std::string>>> pupils(out.size());
  for (const core::RecordState& r : studies.value())
    if (auto it = index.find(
            core::RecordId::parse(detail::value_of(r, "enquiry")).value_or(core::RecordId()));
        it != index.end())
      for (const std::string& code : detail::elements_of(r, "targeted_pupils"))
        pupils[it->second].emplace(r.header.school, code);
  TRIAD_RETURN_IF_ERROR(count_linked(store, index, out));
  const auto running = running_interventions(out);
  for (size_t i = 0; i < out.size(); ++i) {
    EnquirySummary& e = out[i];
    e.figures = comparisons(sums[i]);
    if (pupils[i].size() >= static_cast<size_t>(kMinPupils))
      e.targeted_pupils = static_cast<int>(pupils[i].size());
    for (const std::string& school : e.schools) {
      auto it = running.find(school);
      SchoolInterventions si{school, {}};
      if (it != running.end()) si.interventions.assign(it->second.begin(), it->second.end());
      e.concurrent.push_back(std::move(si));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const EnquirySummary& a, const EnquirySummary& b) { return a.title < b.title; });
  return out;
}

}  // namespace triad::report
