#include "fuzz_hub.h"

#include <cstdlib>

namespace triad::fuzz {

FuzzHub& fuzz_hub() {
  static FuzzHub* h = [] {
    auto* f = new FuzzHub;
    core::StoreOptions o;
    o.wall = [] { return uint64_t{1'400'000'000'000}; };
    o.synchronous_full = false;
    f->hub = sync::Hub::init(":memory:", "Fuzz alliance", o).value();
    auto e = f->hub->enrol("Fortismere", "Ana Diaz", core::DeviceRole::kDevice).value();
    f->token = e.token;
    f->school = e.device.school;
    f->person = e.device.person;
    return f;
  }();
  return *h;
}

}  // namespace triad::fuzz
