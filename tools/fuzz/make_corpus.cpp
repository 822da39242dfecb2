// Writes the seed corpus of the fuzz targets from real protocol messages. Run once; the output
// is checked in under tools/fuzz/corpus/. Usage: triad-fuzz-corpus DIR
#include <filesystem>
#include <fstream>

#include "triad/core/field_ops.h"
#include "triad/sync/codec.h"
#include "triad/sync/frame.h"
#include "triad/sync/protocol.h"

using namespace triad;

namespace {

void write(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

v1::Envelope hello() {
  v1::Envelope e;
  sync::state_protocol(*e.mutable_hello());
  e.mutable_hello()->set_site_id(77);
  e.mutable_hello()->set_device_token("VALID");
  return e;
}

core::RecordState sample(uint64_t i) {
  core::RecordState r;
  r.header = {
      core::RecordId::generate(1'400'000'000'000ull, i, i),
      "enquiry",
      {},
      core::RecordId::derive("school", "Fortismere"),
      core::RecordId::derive(
          "person", core::RecordId::derive("school", "Fortismere").to_string() + ":Ana Diaz"),
      {core::make_hlc(1'400'000'000'000ull, i), 77}};
  r.scope = core::Scope::kAlliance;
  core::assign_value(r.fields["title"], core::FieldKind::kRegister, "Questioning",
                     {core::make_hlc(1'400'000'000'000ull, i), 77});
  core::assign_value(r.fields["baseline"], core::FieldKind::kText, "before",
                     {core::make_hlc(1'400'000'000'000ull, i), 77});
  core::add_element(r.fields["interventions"], "lesson study",
                    {core::make_hlc(1'400'000'000'000ull, i), 77});
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 1;
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir / "frame_session");
  std::filesystem::create_directories(dir / "apply_batch");
  v1::Envelope push;
  push.mutable_push()->set_batch_seq(3);
  for (uint64_t i = 1; i <= 3; ++i) sync::to_proto(sample(i), *push.mutable_push()->add_records());
  v1::Envelope pull;
  pull.mutable_pull()->set_after_seq(0);
  v1::Envelope ack;
  ack.mutable_ack()->set_batch_seq(0);
  v1::Envelope bye;
  bye.mutable_bye();
  write(dir / "frame_session" / "hello", sync::encode_frame(hello()));
  write(dir / "frame_session" / "hello_push_pull_bye",
        sync::encode_frame(hello()) + sync::encode_frame(push) + sync::encode_frame(pull) +
            sync::encode_frame(bye));
  write(dir / "frame_session" / "hello_pull_ack",
        sync::encode_frame(hello()) + sync::encode_frame(pull) + sync::encode_frame(ack));
  write(dir / "frame_session" / "push_first", sync::encode_frame(push));
  write(dir / "apply_batch" / "three_records", push.push().SerializeAsString());
  core::RecordState deleted = sample(9);
  deleted.deleted = core::Stamp{core::make_hlc(1'400'000'000'000ull, 99), 77};
  deleted.fields.clear();
  v1::Push tomb;
  tomb.set_batch_seq(4);
  sync::to_proto(sample(9), *tomb.add_records());
  sync::to_proto(deleted, *tomb.add_records());
  write(dir / "apply_batch" / "edit_then_delete", tomb.SerializeAsString());
  return 0;
}
