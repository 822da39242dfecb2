// The protocol's version and features, and how a hub and a client agree on them (specified in
// proto/triad/v1/sync.proto, VERSIONS AND FEATURES). The sessions call it on Hello and Welcome;
// tests and tools use it to state the current version in Hellos they build. Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "triad/core/status.h"
#include "triad/v1/sync.pb.h"

namespace triad::sync {

constexpr uint32_t kProtocolMajor = 1;
// 1.1: generations, checkpoints in Welcome, refetch. 1.2: compact stamps named a feature (they
// came in 1.0 without a bump), features listed and negotiated.
constexpr uint32_t kProtocolMinor = 2;

// A set of v1::Feature values. Numbers outside 1..63 are never members.
class FeatureSet {
 public:
  constexpr FeatureSet() = default;
  constexpr FeatureSet(std::initializer_list<v1::Feature> features) {
    for (v1::Feature f : features) bits_ |= bit(f);
  }
  constexpr bool has(v1::Feature f) const { return bit(f) != 0 && (bits_ & bit(f)) != 0; }
  constexpr bool has_all(FeatureSet other) const { return (bits_ & other.bits_) == other.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void add(int feature) { bits_ |= bit(feature); }
  constexpr FeatureSet operator&(FeatureSet other) const { return from_bits(bits_ & other.bits_); }
  constexpr FeatureSet operator|(FeatureSet other) const { return from_bits(bits_ | other.bits_); }
  // Those of this set that `other` lacks.
  constexpr FeatureSet operator-(FeatureSet other) const { return from_bits(bits_ & ~other.bits_); }
  friend constexpr bool operator==(FeatureSet, FeatureSet) = default;
  std::vector<v1::Feature> members() const;  // in ascending number

 private:
  static constexpr uint64_t bit(int f) { return f > 0 && f < 64 ? uint64_t{1} << f : 0; }
  static constexpr FeatureSet from_bits(uint64_t bits) {
    FeatureSet s;
    s.bits_ = bits;
    return s;
  }
  uint64_t bits_ = 0;
};

// What this build speaks, and what it requires of the other end: without these, frames would be
// misread (sync.proto, Required features).
inline constexpr FeatureSet kSpokenFeatures{v1::FEATURE_COMPACT_STAMPS, v1::FEATURE_GENERATIONS,
                                            v1::FEATURE_REFETCH, v1::FEATURE_TEXT_CHANGES};
inline constexpr FeatureSet kRequiredOfClient{v1::FEATURE_COMPACT_STAMPS,
                                              v1::FEATURE_GENERATIONS};  // by a hub
inline constexpr FeatureSet kRequiredOfHub{v1::FEATURE_COMPACT_STAMPS,
                                           v1::FEATURE_GENERATIONS};  // by a client

// The features a peer of protocol 1.`minor` speaks without listing them.
FeatureSet implied_features(uint32_t minor);
// What a peer speaks: what its minor implies and what it lists (numbers not known here ignored).
FeatureSet features_of(uint32_t minor, const google::protobuf::RepeatedField<int>& listed);
// "compact stamps and store generations", for messages to a person.
std::string describe(FeatureSet features);
// "1.2"
std::string version_text(const v1::ProtocolVersion& version);

// What a session speaks once the hub has sent Welcome or the client has taken it.
struct SessionProtocol {
  uint32_t minor = 0;   // the negotiated minor
  FeatureSet features;  // those both ends speak
  friend bool operator==(const SessionProtocol&, const SessionProtocol&) = default;
};

// This build's version and all the features it speaks, into a Hello.
void state_protocol(v1::Hello& hello);
// At the hub: what a session opened with `hello` speaks, or why the hub refuses it (a major it
// does not speak, or a required feature lacking): kFailedPrecondition with a message for the
// person that says which side to update. The hub answers it with Error UNSUPPORTED_VERSION.
core::Result<SessionProtocol> negotiate_with_client(const v1::Hello& hello);
// The negotiated version and all the features the hub speaks, into a Welcome.
void state_protocol(v1::Welcome& welcome, const SessionProtocol& agreed);
// At the client: what the session speaks, from the hub's Welcome, or why the client ends it (a
// major it does not speak, or a feature it needs lacking): kFailedPrecondition with a message
// for the person that says which side to update.
core::Result<SessionProtocol> negotiate_with_hub(const v1::Welcome& welcome);

}  // namespace triad::sync
