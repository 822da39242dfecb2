// print_record: finds the record, checks it has a paper form, lays it out (paper_document.cpp,
// pdf_pages.cpp).
#include "triad/paper/paper.h"

#include "paper_document.h"
#include "pdf_pages.h"

namespace triad::paper {

bool has_paper_form(std::string_view type) {
  return type == "observation" || type == "lesson_study";
}

std::string_view paper_forms_text() { return "observations and lesson studies"; }

core::Result<Paper> print_record(core::LocalRecords& store, const core::RecordId& id,
                                 const PrintContext& context) {
  auto record = store.get(id);
  if (!record) return record.status();
  if (!record->has_value()) return core::not_found("this device holds no record " + id.to_string());
  const core::RecordState& r = **record;
  const core::TypeSpec* type = core::find_type(r.header.type);
  const std::string title = type ? std::string(type->title) : r.header.type;
  if (!has_paper_form(r.header.type))
    return core::failed_precondition("a record of type " + title +
                                     " has no paper form: Triad prints " +
                                     std::string(paper_forms_text()));
  if (r.is_deleted())
    return core::not_found("the " + title + " " + id.to_string() +
                           " was deleted: its text was erased, so there is nothing to print");
  auto paper = detail::paper_of(store, r, context);
  if (!paper) return paper.status();
  auto pdf = detail::render_pdf(*paper);
  if (!pdf) return pdf.status();
  return Paper{std::move(pdf->bytes), pdf->pages, detail::file_name_of(store, r)};
}

}  // namespace triad::paper
