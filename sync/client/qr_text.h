// A QR code of some text, drawn with Unicode half blocks for a terminal (two rows of modules per
// line, with the quiet zone round it) or as SVG, made with Debian's libqrencode. Thread-safe: pure.
#pragma once

#include <string>

#include "triad/core/status.h"

namespace triad::client {

// `ansi_colours`: dark modules black on a white background, set with escape codes, for a terminal
// of any colours; without them (output to a file), light modules are drawn as blocks, for the
// usual dark terminal. kInvalidArgument when the text is too long for a QR code (about 2,900
// bytes).
core::Result<std::string> qr_text(const std::string& data, bool ansi_colours);

// The same code as an SVG image for a web page (the hub's admin page): one path of dark modules on
// white, with a quiet zone of four modules as the standard asks, scaled by the page.
core::Result<std::string> qr_svg(const std::string& data);

}  // namespace triad::client
