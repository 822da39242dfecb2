#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "triad/core/csv.h"
#include "triad/core/import.h"
#include "validation.h"

namespace triad::core {

namespace {

constexpr size_t kProgressEvery = 500;
const Status kRollBack = failed_precondition("\x01roll back the import");

// "Observed teacher", "observed-teacher " -> "observed_teacher"
std::string column_key(std::string_view header) {
  std::string out;
  for (char c : header) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isspace(u) || c == '-' || c == '_') {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += static_cast<char>(std::tolower(u));
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> elements_of(std::string_view cell) {
  std::vector<std::string> out;
  std::string current;
  for (char c : cell) {
    if (c == ';' || c == ',') {
      if (auto t = trimmed(current); !t.empty()) out.push_back(t);
      current.clear();
    } else {
      current += c;
    }
  }
  if (auto t = trimmed(current); !t.empty()) out.push_back(t);
  return out;
}

// What each column of the file feeds.
struct Columns {
  std::vector<const FieldSpec*> field;  // per column: the field, or null
  // People: the name's two halves; where a file has several ("First name", "Preferred first
  // name"), the first one a row fills in counts.
  std::vector<size_t> forenames, surnames;
  std::vector<std::string> ignored;
};

Columns map_columns(const TypeSpec& type, const std::vector<std::string>& header) {
  Columns c;
  c.field.resize(header.size(), nullptr);
  const bool person = type.name == "person";
  for (size_t i = 0; i < header.size(); ++i) {
    std::string key = column_key(header[i]);
    if (person) {
      if (key == "preferred_forename" || key == "preferred_first_name" || key == "forename" ||
          key == "first_name" || key == "given_name" || key == "legal_forename") {
        c.forenames.push_back(i);
        continue;
      }
      if (key == "preferred_surname" || key == "surname" || key == "last_name" ||
          key == "family_name" || key == "legal_surname") {
        c.surnames.push_back(i);
        continue;
      }
      if (key == "full_name" || key == "staff_name") key = "name";
      if (key == "role" || key == "job_role") key = "roles";
      if (key == "devices") key.clear();  // written by Triad itself
    }
    const FieldSpec* spec = key.empty() ? nullptr : type.field(key);
    if (spec)
      c.field[i] = spec;
    else if (!trimmed(header[i]).empty())
      c.ignored.push_back(trimmed(header[i]));
  }
  return c;
}

// The value as the store keeps it: a reference by id, a choice as listed; nullopt when it does
// not resolve (then it is no duplicate, and the row's create says what is wrong).
std::optional<std::string> stored_form(Store& store, const TypeSpec& type, const FieldSpec& spec,
                                       const std::string& text) {
  // The store's own rule (references as ids, choices as listed, pupil codes in upper case), so
  // a row compares with what an earlier import stored.
  auto stored = detail::normalise_value(
      type, spec, text,
      [&store](std::string_view t, std::string_view v) { return store.resolve(t, v); });
  if (!stored) return std::nullopt;
  return *stored;
}

// A record's values in the given fields, as one string, to find a row already in the store.
std::string fingerprint(const RecordState& r, const std::vector<const FieldSpec*>& fields) {
  std::string out;
  for (const FieldSpec* f : fields) {
    const FieldState* state = r.field(std::string(f->name));
    std::vector<std::string> values;
    if (state && f->kind == FieldKind::kSet)
      values = state->elements();
    else if (state)
      values.push_back(state->value());
    std::sort(values.begin(), values.end());
    for (const std::string& v : values) out += v + '\x1f';
    out += '\x1e';
  }
  return out;
}

}  // namespace

Result<ImportReport> import_csv(Store& store, std::string_view csv_text,
                                const ImportOptions& options) {
  const TypeSpec* type = find_type(options.type);
  if (!type) return invalid_argument("there is no record type called '" + options.type + "'");
  auto rows = parse_csv(csv_text);
  if (!rows) return rows.status();
  if (rows->empty()) return invalid_argument("the file is empty: its first row names the columns");
  const std::vector<std::string>& header = rows->front().cells;
  const Columns columns = map_columns(*type, header);
  std::vector<const FieldSpec*> used;  // the fields the file gives, in schema order
  for (const FieldSpec& f : type->fields)
    if (std::find(columns.field.begin(), columns.field.end(), &f) != columns.field.end())
      used.push_back(&f);
  const bool person = type->name == "person";
  if (used.empty() && columns.forenames.empty() && columns.surnames.empty()) {
    std::string names;
    for (const FieldSpec& f : type->fields)
      names += (names.empty() ? "" : ", ") + std::string(f.name);
    return invalid_argument("no column of the file's first row names a field of " +
                            std::string(type->name) + " (they are: " + names + ")");
  }
  ImportReport report;
  report.ignored_columns = columns.ignored;
  report.rows = rows->size() - 1;

  auto column_of = [&](std::string_view field) -> std::string {
    for (size_t i = 0; i < header.size(); ++i)
      if (columns.field[i] && columns.field[i]->name == field) return trimmed(header[i]);
    if (field == "name" && !columns.surnames.empty())
      return trimmed(header[columns.surnames.front()]);
    return std::string(field);
  };

  const Status written = store.in_one_transaction([&]() -> Status {
    std::unordered_set<std::string> known;
    if (!person && type->name != "school") {
      auto existing = store.list(type->name);
      if (!existing) return existing.status();
      for (const RecordState& r : *existing) known.insert(fingerprint(r, used));
    }
    for (size_t n = 1; n < rows->size(); ++n) {
      const CsvRow& row = (*rows)[n];
      if (options.progress && n % kProgressEvery == 0) options.progress(n, report.rows);
      FieldEdits edits;
      std::string name;
      std::string first, last;
      auto first_filled = [&](const std::vector<size_t>& in) {
        for (size_t i : in)
          if (i < row.cells.size() && !trimmed(row.cells[i]).empty()) return trimmed(row.cells[i]);
        return std::string();
      };
      first = first_filled(columns.forenames);
      last = first_filled(columns.surnames);
      for (size_t i = 0; i < row.cells.size() && i < header.size(); ++i) {
        const std::string cell = trimmed(row.cells[i]);
        const FieldSpec* spec = columns.field[i];
        if (!spec || cell.empty()) continue;
        if (spec->kind == FieldKind::kSet) {
          for (const std::string& e : elements_of(cell))
            edits.push_back({std::string(spec->name), FieldEdit::Op::kAdd,
                             stored_form(store, *type, *spec, e).value_or(e)});
        } else {
          const std::string value = spec->type == ValueType::kChoice
                                        ? stored_form(store, *type, *spec, cell).value_or(cell)
                                        : cell;
          edits.push_back({std::string(spec->name), FieldEdit::Op::kAssign, value});
          if (spec->name == "name" || spec->name == "title" || spec->name == "focus") name = cell;
        }
      }
      if (person) {
        auto has = [&](std::string_view f) {
          return std::any_of(edits.begin(), edits.end(),
                             [&](const FieldEdit& e) { return e.field == f; });
        };
        if (!has("name") && (!first.empty() || !last.empty())) {
          name = trimmed(first + " " + last);
          edits.push_back({"name", FieldEdit::Op::kAssign, name});
        }
        if (!has("school") && !options.school.empty())
          edits.push_back({"school", FieldEdit::Op::kAssign, options.school});
      }
      // Already in the store (or earlier in this file): not made again.
      bool already = false;
      if (person || type->name == "school") {
        std::string school_name;
        for (const FieldEdit& e : edits)
          if (e.field == "school") school_name = e.value;
        RecordId school;
        if (person)
          if (auto s = store.find_named("school", school_name, RecordId()); s && s->has_value())
            school = **s;
        if (!person || !school.is_nil()) {
          auto found = store.find_named(type->name, name, school);
          already = found && found->has_value();
        }
      } else {
        RecordState as_row;
        bool resolves = true;
        for (const FieldEdit& e : edits) {
          const FieldSpec* spec = type->field(e.field);
          auto stored = stored_form(store, *type, *spec, e.value);
          if (!stored) resolves = false;
          // Read back with value() and elements() only: a plain register or set will do.
          FieldState& f = as_row.fields[e.field];
          f.kind = spec->kind == FieldKind::kSet ? FieldKind::kSet : FieldKind::kRegister;
          if (spec->kind == FieldKind::kSet)
            f.dots.push_back({stored.value_or(e.value), {}, false});
          else
            f.versions.push_back({stored.value_or(e.value), {}, {}});
        }
        const std::string key = fingerprint(as_row, used);
        if (resolves && known.count(key)) already = true;
        if (resolves && !already) known.insert(key);
      }
      if (already) {
        report.already.emplace_back(row.line, name);
        continue;
      }
      auto made = store.create_record(type->name, edits);
      if (!made && made.status().code() != StatusCode::kInvalidArgument &&
          made.status().code() != StatusCode::kNotFound &&
          made.status().code() != StatusCode::kFailedPrecondition)
        return made.status();  // the store failed (disk full, a corrupt file): not the row's fault
      if (!made) {
        const std::string& message = made.status().message();
        std::string column;
        for (const FieldSpec& f : type->fields)
          if (message.find(std::string(type->name) + "." + std::string(f.name)) !=
                  std::string::npos ||
              message.find(" needs " + std::string(f.name)) != std::string::npos)
            column = column_of(f.name);
        report.problems.push_back({row.line, column, message});
        continue;
      }
      report.created.emplace_back(row.line, store.label(*made));
    }
    if (options.progress) options.progress(report.rows, report.rows);
    return options.dry_run || !report.problems.empty() ? kRollBack : Status::ok();
  });
  if (!written && written.message() != kRollBack.message()) return written;
  return report;
}

}  // namespace triad::core
