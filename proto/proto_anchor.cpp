// Gives triad_proto a source of its own; the generated code is added by protobuf_generate.
#include "triad/v1/sync.pb.h"
#include "triad/v1/version.pb.h"
