// Escaping peer-supplied text for the hub's log (triad/sync/log_text.h).
#include "triad/sync/log_text.h"

#include <catch2/catch.hpp>

using triad::sync::escape_for_log;

TEST_CASE(
    "text for the log keeps printable UTF-8 and escapes what could forge a line or drive a "
    "terminal",
    "[sync][log]") {
  CHECK(escape_for_log("Fortismere / Zo\xc3\xab Lee (0a1b2c3d)") ==
        "Fortismere / Zo\xc3\xab Lee (0a1b2c3d)");
  CHECK(escape_for_log("a\nb\r\tc") == "a\\nb\\r\\tc");
  CHECK(escape_for_log("\x1b[2J\x07\x7f") == "\\x1b[2J\\x07\\x7f");
  CHECK(escape_for_log(std::string("nul\0!", 5)) == "nul\\x00!");
  CHECK(escape_for_log("back\\slash") == "back\\\\slash");  // an escape can never be forged
  CHECK(escape_for_log("\x9b"
                       "31m") == "\\x9b31m");  // a lone 8-bit CSI byte: not UTF-8
  CHECK(escape_for_log("\xc2\x9b"
                       "31m") == "\\u009b31m");  // U+009B, the one-character CSI
  CHECK(escape_for_log("\xe2\x80\xae"
                       "evil") == "\\u202eevil");              // right-to-left override
  CHECK(escape_for_log("\xe2\x80\xa8") == "\\u2028");          // line separator
  CHECK(escape_for_log("\xc0\xaf") == "\\xc0\\xaf");           // overlong: not UTF-8
  CHECK(escape_for_log("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate: not UTF-8
  CHECK(escape_for_log("\xe2\x82") == "\\xe2\\x82");           // cut short
  CHECK(escape_for_log("\xf0\x9f\x93\x9a books") == "\xf0\x9f\x93\x9a books");
}
