// File: src/api/proto_decoder.h (private)
//
// Schema-driven decoding of one go-to-protobuf message into a JSON object
// (the rules are stated in wisp/api/protobuf.h). Not thread-safe per
// instance; cheap to construct.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "api/proto_wire.h"
#include "nlohmann/json.hpp"
#include "wisp/api/registry.h"

namespace wisp::api::internal {

class ProtoDecoder {
 public:
  explicit ProtoDecoder(const Registry& registry) : registry_(registry) {}

  // Decodes the message in `in` as definition `type`. `path` names the
  // message in errors ("" for the top level).
  absl::StatusOr<nlohmann::json> DecodeObject(const TypeSchema& type, WireReader in,
                                              const std::string& path);

 private:
  absl::Status DecodeFields(const TypeSchema& type, std::vector<int>& embedding, WireReader in,
                            const std::string& path, nlohmann::json& out);
  absl::Status DecodeField(const FieldSchema& f, const WireTag& tag, WireReader& in,
                           const std::string& path, nlohmann::json& out);
  // One value of f's element type; a null result means "omit".
  absl::StatusOr<nlohmann::json> DecodeValue(const FieldSchema& f, const WireTag& tag,
                                             WireReader& in, const std::string& path);
  absl::StatusOr<nlohmann::json> DecodeScalarDefinition(const TypeSchema& def, WireReader in,
                                                        const std::string& path);
  absl::Status DecodeMapEntry(const FieldSchema& f, WireReader entry, const std::string& path,
                              nlohmann::json& map);

  const Registry& registry_;
  int depth_ = 0;
};

}  // namespace wisp::api::internal
