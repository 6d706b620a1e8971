// File: src/api/proto_wire.h (private)
//
// A bounds-checked reader of the protobuf wire format (varints, fixed
// 64/32-bit values, length-delimited fields). Errors name the absolute byte
// offset in the request body. Not thread-safe; cheap to copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace wisp::api::internal {

enum WireType : int {
  kWireVarint = 0,
  kWireFixed64 = 1,
  kWireLengthDelimited = 2,
  kWireFixed32 = 5,
};

struct WireTag {
  int number = 0;
  int wire_type = 0;
  size_t offset = 0;  // absolute offset of the tag
};

class WireReader {
 public:
  // `data` starts at absolute offset `base` of the whole body.
  WireReader(std::string_view data, size_t base) : data_(data), base_(base) {}

  bool Done() const { return pos_ >= data_.size(); }
  size_t Offset() const { return base_ + pos_; }

  // Fails on a truncated tag, field number 0 or a wire type other than
  // 0, 1, 2 and 5 (groups are not used by Kubernetes).
  absl::StatusOr<WireTag> ReadTag();
  absl::StatusOr<uint64_t> ReadVarint();
  absl::StatusOr<uint64_t> ReadFixed64();
  absl::StatusOr<uint32_t> ReadFixed32();
  // A length-delimited payload; the returned reader covers exactly it.
  absl::StatusOr<WireReader> ReadLengthDelimited();
  // Skips the value of a field of the given wire type.
  absl::Status Skip(int wire_type);

  std::string_view Data() const { return data_; }

 private:
  std::string_view data_;
  size_t base_ = 0;
  size_t pos_ = 0;
};

}  // namespace wisp::api::internal
