#include "record_codec.h"

#include <catch2/catch.hpp>

#include "triad/core/field_ops.h"

using namespace triad::core;

TEST_CASE("field encoding round-trips every kind", "[core][codec]") {
  std::map<std::string, FieldState> fields;
  assign_value(fields["focus"], FieldKind::kRegister, "Questioning",
               {make_hlc(1'400'000'000'000ull, 3), 42});
  assign_value(fields["notes"], FieldKind::kText, "line one\nline two \xc3\xa9",
               {77, 0xffffffffffffffffull});
  fields["notes"].versions.push_back({"overwritten", {70, 5}, {{5, 70}}});
  add_element(fields["members"], "a", {1, 2});
  add_element(fields["members"], "b", {1, 2});
  remove_element(fields["members"], "a");
  assign_value(fields["empty"], FieldKind::kRegister, "", {1, 1});
  const std::string body = detail::encode_fields(fields);
  auto decoded = detail::decode_fields(body);
  REQUIRE(decoded);
  CHECK(decoded.value() == fields);
}

TEST_CASE("truncated or padded encodings are reported corrupt, never misread", "[core][codec]") {
  std::map<std::string, FieldState> fields;
  assign_value(fields["notes"], FieldKind::kText, "some notes", {5, 6});
  add_element(fields["tags"], "x", {5, 6});
  const std::string body = detail::encode_fields(fields);
  for (size_t n = 0; n < body.size(); ++n) {
    INFO("prefix of " << n << " bytes");
    CHECK(detail::decode_fields(body.substr(0, n)).status().code() == StatusCode::kCorrupt);
  }
  CHECK(detail::decode_fields(body + "x").status().code() == StatusCode::kCorrupt);
  std::string bad_kind = body;
  bad_kind[1 + 1 + 5] = 0;  // count, name length, "notes", then the kind byte: no kind is 0
  CHECK_FALSE(detail::decode_fields(bad_kind));
}
