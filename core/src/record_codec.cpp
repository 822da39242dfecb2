#include "record_codec.h"

#include "field_kind_table.h"
#include "varint.h"

namespace triad::core::detail {

std::string encode_fields(const std::map<std::string, FieldState>& fields) {
  std::string out;
  put_varint(out, fields.size());
  for (const auto& [name, f] : fields) {
    put_string(out, name);
    out += static_cast<char>(f.kind);
    rules_for(f.kind).encode(out, f);
  }
  return out;
}

Result<std::map<std::string, FieldState>> decode_fields(std::string_view body) {
  std::map<std::string, FieldState> fields;
  Reader r(body);
  uint64_t n;
  if (!r.varint(n)) return corrupt("a record's fields cannot be read (truncated)");
  for (uint64_t i = 0; i < n; ++i) {
    std::string name;
    FieldState f;
    uint8_t kind;
    if (!r.string(name) || !r.byte(kind) || kind == 0 ||
        !rules_for(f.kind = static_cast<FieldKind>(kind)).decode(r, f))
      return corrupt("a record's fields cannot be read (field " + std::to_string(i) + ")");
    fields.emplace(std::move(name), std::move(f));
  }
  if (!r.done()) return corrupt("a record's fields have trailing bytes");
  return fields;
}

}  // namespace triad::core::detail
