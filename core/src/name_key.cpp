#include "name_key.h"

#include <cstdint>

namespace triad::core::detail {

namespace {

// Pairs where the capital is even and the small letter follows it (Ā ā, Ą ą, Ǟ ǟ, Ѡ ѡ, Ḁ ḁ ...).
constexpr std::pair<char32_t, char32_t> kEvenCapitalRanges[] = {
    {0x0100, 0x012F}, {0x0132, 0x0137}, {0x014A, 0x0177}, {0x01DE, 0x01EF}, {0x01F8, 0x021F},
    {0x0222, 0x0233}, {0x0246, 0x024F}, {0x03D8, 0x03EF}, {0x0460, 0x0481}, {0x048A, 0x04BF},
    {0x04D0, 0x052F}, {0x1E00, 0x1E95}, {0x1EA0, 0x1EFF}};
// The same where the capital is odd (Ĺ ĺ, Ź ź, Ǎ ǎ, Ӂ ӂ).
constexpr std::pair<char32_t, char32_t> kOddCapitalRanges[] = {
    {0x0139, 0x0148}, {0x0179, 0x017E}, {0x01CD, 0x01DC}, {0x04C1, 0x04CE}};

bool in_pair_range(char32_t c, const std::pair<char32_t, char32_t>* begin,
                   const std::pair<char32_t, char32_t>* end, char32_t capital_parity) {
  for (auto* r = begin; r != end; ++r)
    if (c >= r->first && c <= r->second && (c & 1) == capital_parity) return true;
  return false;
}

// Unicode simple case folding (CaseFolding.txt, status C and S) for the scripts teachers' names
// are written in here; anything else is returned unchanged.
char32_t fold(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
      (c >= 0x410 && c <= 0x42F) || (c >= 0xFF21 && c <= 0xFF3A))
    return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x531 && c <= 0x556) return c + 48;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38E || c == 0x38F) return c + 63;
  switch (c) {
    case 0x0130:
      return 'i';  // İ (Turkish dotted capital I)
    case 0x0178:
      return 0xFF;  // Ÿ
    case 0x017F:
      return 's';  // ſ
    case 0x0386:
      return 0x3AC;  // Ά
    case 0x038C:
      return 0x3CC;  // Ό
    case 0x03C2:
      return 0x3C3;  // final sigma
    case 0x04C0:
      return 0x4CF;  // Ӏ
    case 0x1E9E:
      return 0xDF;  // ẞ
    case 0x01C4:
    case 0x01C5:
      return 0x1C6;
    case 0x01C7:
    case 0x01C8:
      return 0x1C9;
    case 0x01CA:
    case 0x01CB:
      return 0x1CC;
    case 0x01F1:
    case 0x01F2:
      return 0x1F3;
    default:
      break;
  }
  if (in_pair_range(c, std::begin(kEvenCapitalRanges), std::end(kEvenCapitalRanges), 0))
    return c + 1;
  if (in_pair_range(c, std::begin(kOddCapitalRanges), std::end(kOddCapitalRanges), 1)) return c + 1;
  return c;
}

// Decodes one UTF-8 sequence at `s[i]`; returns its length, or 0 when it is not valid UTF-8.
size_t decode(std::string_view s, size_t i, char32_t& out) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t lead = b(0);
  const size_t len = lead < 0x80           ? 1
                     : (lead >> 5) == 0x6  ? 2
                     : (lead >> 4) == 0xE  ? 3
                     : (lead >> 3) == 0x1E ? 4
                                           : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t c = len == 1 ? lead : lead & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b(k) & 0x3F);
  }
  out = c;
  return len;
}

void encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool is_space(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

std::string name_key(std::string_view name) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < name.size();) {
    char32_t c = 0;
    const size_t len = decode(name, i, c);
    if (len == 0) {  // not UTF-8: the byte as it is
      out += name[i++];
      pending_space = false;
      continue;
    }
    i += len;
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    encode(fold(c), out);
  }
  return out;
}

bool has_non_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

}  // namespace triad::core::detail
