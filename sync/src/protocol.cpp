// Versions and features (sync.proto, VERSIONS AND FEATURES): what each minor implies, and the
// messages that tell a person which side to update.
#include "triad/sync/protocol.h"

#include <algorithm>

namespace triad::sync {

namespace {

const char* name_of(v1::Feature f) {
  switch (f) {
    case v1::FEATURE_COMPACT_STAMPS:
      return "compact stamps";
    case v1::FEATURE_GENERATIONS:
      return "store generations";
    case v1::FEATURE_REFETCH:
      return "discarding refused changes";
    case v1::FEATURE_TEXT_CHANGES:
      return "text sent as changes";
    default:
      return "an unnamed feature";
  }
}

std::string ours() { return std::to_string(kProtocolMajor) + "." + std::to_string(kProtocolMinor); }

constexpr const char* kUpdateDevice = "update Triad on this device, then sync again";
constexpr const char* kUpdateHub =
    "ask the hub's admin to update Triad on the hub (triad-hub), then sync again";

}  // namespace

std::vector<v1::Feature> FeatureSet::members() const {
  std::vector<v1::Feature> out;
  for (int f = 1; f < 64; ++f)
    if ((bits_ & bit(f)) != 0) out.push_back(static_cast<v1::Feature>(f));
  return out;
}

FeatureSet implied_features(uint32_t minor) {
  if (minor == 0) return {};  // 1.0 peers differ, and their Hello cannot tell which they are
  if (minor == 1)  // every 1.1 peer is the code base that had compact stamps since late 1.0
    return {v1::FEATURE_COMPACT_STAMPS, v1::FEATURE_GENERATIONS, v1::FEATURE_REFETCH};
  return {v1::FEATURE_COMPACT_STAMPS, v1::FEATURE_GENERATIONS};
}

FeatureSet features_of(uint32_t minor, const google::protobuf::RepeatedField<int>& listed) {
  FeatureSet out = implied_features(minor);
  for (int f : listed)
    if (kSpokenFeatures.has(static_cast<v1::Feature>(f))) out.add(f);
  return out;
}

std::string describe(FeatureSet features) {
  const std::vector<v1::Feature> all = features.members();
  std::string out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += i + 1 == all.size() ? " and " : ", ";
    out += name_of(all[i]);
  }
  return out;
}

std::string version_text(const v1::ProtocolVersion& v) {
  return std::to_string(v.major()) + "." + std::to_string(v.minor());
}

void state_protocol(v1::Hello& hello) {
  hello.mutable_version()->set_major(kProtocolMajor);
  hello.mutable_version()->set_minor(kProtocolMinor);
  hello.clear_features();
  for (v1::Feature f : kSpokenFeatures.members()) hello.add_features(f);
}

core::Result<SessionProtocol> negotiate_with_client(const v1::Hello& hello) {
  const v1::ProtocolVersion& theirs = hello.version();
  if (theirs.major() > kProtocolMajor)
    return core::failed_precondition("this hub speaks protocol version " + ours() +
                                     ", older than this device's " + version_text(theirs) + ": " +
                                     kUpdateHub);
  if (theirs.major() < kProtocolMajor)
    return core::failed_precondition("this hub speaks protocol version " + ours() +
                                     ", newer than this device's " + version_text(theirs) + ": " +
                                     kUpdateDevice);
  const FeatureSet spoken = features_of(theirs.minor(), hello.features());
  const FeatureSet lacking = kRequiredOfClient - spoken;
  if (!lacking.empty())
    return core::failed_precondition("this hub needs a newer Triad: it speaks protocol version " +
                                     ours() + ", and this device speaks " + version_text(theirs) +
                                     ", without " + describe(lacking) +
                                     ". Update Triad on this device, then sync again");
  return SessionProtocol{std::min(theirs.minor(), kProtocolMinor), spoken & kSpokenFeatures};
}

void state_protocol(v1::Welcome& welcome, const SessionProtocol& agreed) {
  welcome.mutable_version()->set_major(kProtocolMajor);
  welcome.mutable_version()->set_minor(agreed.minor);
  welcome.clear_features();
  for (v1::Feature f : kSpokenFeatures.members()) welcome.add_features(f);
}

core::Result<SessionProtocol> negotiate_with_hub(const v1::Welcome& welcome) {
  const v1::ProtocolVersion& theirs = welcome.version();
  if (theirs.major() > kProtocolMajor)
    return core::failed_precondition("the hub speaks protocol version " + version_text(theirs) +
                                     ", newer than this device's " + ours() + ": " + kUpdateDevice);
  if (theirs.major() < kProtocolMajor)
    return core::failed_precondition("the hub speaks protocol version " + version_text(theirs) +
                                     ", older than this device's " + ours() + ": " + kUpdateHub);
  const FeatureSet spoken = features_of(theirs.minor(), welcome.features());
  const FeatureSet lacking = kRequiredOfHub - spoken;
  if (!lacking.empty())
    return core::failed_precondition("the hub speaks protocol version " + version_text(theirs) +
                                     ", without " + describe(lacking) +
                                     ", which this device needs: " + kUpdateHub);
  return SessionProtocol{std::min(theirs.minor(), kProtocolMinor), spoken & kSpokenFeatures};
}

}  // namespace triad::sync
