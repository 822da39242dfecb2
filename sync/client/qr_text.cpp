#include "qr_text.h"

#include <qrencode.h>

#include <memory>
#include <vector>

namespace triad::client {

namespace {

using Code = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

core::Result<Code> encode(const std::string& data) {
  Code code(QRcode_encodeData(static_cast<int>(data.size()),
                              reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_L),
            &QRcode_free);
  if (!code)
    return core::invalid_argument("the text is too long for a QR code (" +
                                  std::to_string(data.size()) + " bytes)");
  return code;
}

}  // namespace

core::Result<std::string> qr_svg(const std::string& data) {
  auto code = encode(data);
  if (!code) return code.status();
  constexpr int kQuiet = 4;
  const int width = (*code)->width, side = width + 2 * kQuiet;
  std::string path;
  for (int row = 0; row < width; ++row)
    for (int col = 0; col < width; ++col)
      if (((*code)->data[row * width + col] & 1) != 0)
        path +=
            "M" + std::to_string(col + kQuiet) + " " + std::to_string(row + kQuiet) + "h1v1h-1z";
  const std::string s = std::to_string(side);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + s + " " + s +
         "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of the join file\">"
         "<rect width=\"" +
         s + "\" height=\"" + s + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path +
         "\"/></svg>";
}

core::Result<std::string> qr_text(const std::string& data, bool ansi_colours) {
  auto encoded = encode(data);
  if (!encoded) return encoded.status();
  const Code& code = *encoded;
  constexpr int kQuiet = 2;  // modules of light margin round the code
  const int width = code->width, side = width + 2 * kQuiet;
  auto dark = [&](int row, int col) {
    row -= kQuiet;
    col -= kQuiet;
    if (row < 0 || col < 0 || row >= width || col >= width) return false;
    return (code->data[row * width + col] & 1) != 0;
  };
  std::string out;
  for (int row = 0; row < side; row += 2) {
    if (ansi_colours) out += "\033[30;47m";
    for (int col = 0; col < side; ++col) {
      // What is drawn: dark modules with colours (black on white), light ones without.
      const bool top = dark(row, col) == ansi_colours;
      const bool bottom = row + 1 < side ? dark(row + 1, col) == ansi_colours : !ansi_colours;
      out += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
    }
    if (ansi_colours) out += "\033[0m";
    out += "\n";
  }
  return out;
}

}  // namespace triad::client
