#include "triad/sync/log_text.h"

#include <cstdint>
#include <cstdio>

namespace triad::sync {

namespace {

// The length of the UTF-8 sequence at text[i] and its code point; 0 if it is not valid UTF-8
// (truncated, overlong, a surrogate, beyond U+10FFFF).
size_t utf8_sequence(std::string_view text, size_t i, uint32_t& code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length;
  uint32_t min;
  if (lead >= 0xc2 && lead <= 0xdf)
    length = 2, code_point = lead & 0x1f, min = 0x80;
  else if (lead >= 0xe0 && lead <= 0xef)
    length = 3, code_point = lead & 0x0f, min = 0x800;
  else if (lead >= 0xf0 && lead <= 0xf4)
    length = 4, code_point = lead & 0x07, min = 0x10000;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3f);
  }
  if (code_point < min || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff))
    return 0;
  return length;
}

// Characters that are printable UTF-8 but still act on a terminal or on how a line reads.
bool invisible_control(uint32_t c) {
  return (c >= 0x80 && c <= 0x9f) ||      // C1 controls (U+009B is a one-character CSI)
         c == 0x2028 || c == 0x2029 ||    // line and paragraph separators
         (c >= 0x202a && c <= 0x202e) ||  // bidirectional embeddings and overrides
         (c >= 0x2066 && c <= 0x2069);    // bidirectional isolates
}

}  // namespace

std::string escape_for_log(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char hex[12];
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      if (c == '\\') out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      ++i;
      continue;
    }
    uint32_t code_point = 0;
    const size_t length = c >= 0x80 ? utf8_sequence(text, i, code_point) : 0;
    if (length == 0) {  // a C0 control, DEL, or a byte that is not UTF-8
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
      ++i;
    } else if (invisible_control(code_point)) {
      std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned>(code_point));
      out += hex;
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace triad::sync
