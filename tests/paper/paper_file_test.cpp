// save_pdf and unused_path: a paper is written whole, readable by its owner only, never over
// another file unless asked, and a second paper of one record is kept beside the first.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"
#include "triad/paper/paper.h"

using triad::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_CASE("save_pdf writes a new file readable by its owner only", "[paper]") {
  TempDir dir;
  const std::string path = dir.file("paper.pdf");
  REQUIRE(triad::paper::save_pdf("%PDF-1.5 one", path, false).is_ok());
  CHECK(read(path) == "%PDF-1.5 one");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("save_pdf leaves a file that is there unless told to replace it", "[paper]") {
  TempDir dir;
  const std::string path = dir.file("paper.pdf");
  REQUIRE(triad::paper::save_pdf("first", path, false).is_ok());
  const triad::core::Status again = triad::paper::save_pdf("second", path, false);
  CHECK(again.code() == triad::core::StatusCode::kFailedPrecondition);
  CHECK(again.message() == path + " already exists; it was left as it is");
  CHECK(read(path) == "first");
  REQUIRE(triad::paper::save_pdf("second", path, true).is_ok());
  CHECK(read(path) == "second");
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("save_pdf says why a path cannot be written, and leaves nothing behind", "[paper]") {
  TempDir dir;
  const triad::core::Status folder = triad::paper::save_pdf("x", dir.file(""), true);
  CHECK(folder.code() == triad::core::StatusCode::kInvalidArgument);
  CHECK(folder.message() == dir.file("") + " is a folder: name the PDF file to write");
  const triad::core::Status missing =
      triad::paper::save_pdf("x", dir.file("no such folder/paper.pdf"), false);
  CHECK(missing.code() == triad::core::StatusCode::kStoreError);
  CHECK(missing.message() == "cannot write " + dir.file("no such folder/paper.pdf") +
                                 ": there is no folder " + dir.file("no such folder"));
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("unused_path numbers a second paper of the same name", "[paper]") {
  TempDir dir;
  const std::string name = "Observation 2014-03-21 Zoë Evans.pdf";
  CHECK(triad::paper::unused_path(dir.path().string(), name) == dir.file(name));
  REQUIRE(triad::paper::save_pdf("1", dir.file(name), false).is_ok());
  CHECK(triad::paper::unused_path(dir.path().string(), name) ==
        dir.file("Observation 2014-03-21 Zoë Evans (2).pdf"));
  REQUIRE(triad::paper::save_pdf("2", dir.file("Observation 2014-03-21 Zoë Evans (2).pdf"), false)
              .is_ok());
  CHECK(triad::paper::unused_path(dir.path().string(), name) ==
        dir.file("Observation 2014-03-21 Zoë Evans (3).pdf"));
}
