#include "record_codec.h"

namespace triad::core::detail {
namespace {

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto byte = static_cast<uint8_t>(in_[pos_++]);
      v |= uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool string(std::string& s) {
    uint64_t n;
    if (!varint(n) || n > in_.size() - pos_) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool byte(uint8_t& b) {
    if (pos_ >= in_.size()) return false;
    b = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

bool read_version(Reader& r, FieldVersion& v) {
  uint64_t n;
  if (!r.string(v.value) || !r.varint(v.stamp.hlc) || !r.varint(v.stamp.site) || !r.varint(n))
    return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::pair<SiteId, uint64_t> e;
    if (!r.varint(e.first) || !r.varint(e.second)) return false;
    v.seen.push_back(e);
  }
  return true;
}

bool read_field(Reader& r, FieldState& f) {
  uint8_t kind;
  uint64_t n;
  if (!r.byte(kind) || kind < 1 || kind > 3 || !r.varint(n)) return false;
  f.kind = static_cast<FieldKind>(kind);
  for (uint64_t i = 0; i < n; ++i) {
    if (f.kind == FieldKind::kSet) {
      SetDot d;
      uint8_t removed;
      if (!r.string(d.element) || !r.varint(d.added.hlc) || !r.varint(d.added.site) ||
          !r.byte(removed))
        return false;
      d.removed = removed != 0;
      f.dots.push_back(std::move(d));
    } else {
      FieldVersion v;
      if (!read_version(r, v)) return false;
      f.versions.push_back(std::move(v));
    }
  }
  return true;
}

}  // namespace

std::string encode_fields(const std::map<std::string, FieldState>& fields) {
  std::string out;
  put_varint(out, fields.size());
  for (const auto& [name, f] : fields) {
    put_string(out, name);
    out += static_cast<char>(f.kind);
    if (f.kind == FieldKind::kSet) {
      put_varint(out, f.dots.size());
      for (const SetDot& d : f.dots) {
        put_string(out, d.element);
        put_varint(out, d.added.hlc);
        put_varint(out, d.added.site);
        out += static_cast<char>(d.removed ? 1 : 0);
      }
    } else {
      put_varint(out, f.versions.size());
      for (const FieldVersion& v : f.versions) {
        put_string(out, v.value);
        put_varint(out, v.stamp.hlc);
        put_varint(out, v.stamp.site);
        put_varint(out, v.seen.size());
        for (const auto& [site, hlc] : v.seen) {
          put_varint(out, site);
          put_varint(out, hlc);
        }
      }
    }
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
    if (!r.string(name) || !read_field(r, f))
      return corrupt("a record's fields cannot be read (field " + std::to_string(i) + ")");
    fields.emplace(std::move(name), std::move(f));
  }
  if (!r.done()) return corrupt("a record's fields have trailing bytes");
  return fields;
}

}  // namespace triad::core::detail
