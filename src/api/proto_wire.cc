// Protobuf wire reader (see proto_wire.h).
#include "api/proto_wire.h"

#include "wisp/base/strings.h"

namespace wisp::api::internal {

using base::StrCat;

absl::StatusOr<uint64_t> WireReader::ReadVarint() {
  size_t start = Offset();
  uint64_t value = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ >= data_.size()) {
      return absl::InvalidArgumentError(StrCat("protobuf: truncated varint at byte ", start,
                                               " (data ends at byte ", Offset(), ")"));
    }
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return value;
  }
  return absl::InvalidArgumentError(
      StrCat("protobuf: varint longer than 10 bytes at byte ", start));
}

absl::StatusOr<WireTag> WireReader::ReadTag() {
  WireTag tag;
  tag.offset = Offset();
  absl::StatusOr<uint64_t> key = ReadVarint();
  if (!key.ok()) return key.status();
  tag.wire_type = static_cast<int>(*key & 7);
  uint64_t number = *key >> 3;
  if (number == 0 || number > 0x1fffffff) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: invalid field number ", number, " at byte ", tag.offset));
  }
  tag.number = static_cast<int>(number);
  if (tag.wire_type != kWireVarint && tag.wire_type != kWireFixed64 &&
      tag.wire_type != kWireLengthDelimited && tag.wire_type != kWireFixed32) {
    return absl::InvalidArgumentError(StrCat("protobuf: unsupported wire type ", tag.wire_type,
                                             " for field ", number, " at byte ", tag.offset));
  }
  return tag;
}

absl::StatusOr<uint64_t> WireReader::ReadFixed64() {
  if (data_.size() - pos_ < 8) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: truncated 64-bit value at byte ", Offset()));
  }
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 8;
  return v;
}

absl::StatusOr<uint32_t> WireReader::ReadFixed32() {
  if (data_.size() - pos_ < 4) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: truncated 32-bit value at byte ", Offset()));
  }
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 4;
  return v;
}

absl::StatusOr<WireReader> WireReader::ReadLengthDelimited() {
  size_t start = Offset();
  absl::StatusOr<uint64_t> len = ReadVarint();
  if (!len.ok()) return len.status();
  if (*len > data_.size() - pos_) {
    return absl::InvalidArgumentError(StrCat(
        "protobuf: length ", *len, " at byte ", start, " runs past the end of its message (",
        data_.size() - pos_, " bytes left, message ends at byte ", base_ + data_.size(), ")"));
  }
  WireReader sub(data_.substr(pos_, *len), Offset());
  pos_ += *len;
  return sub;
}

absl::Status WireReader::Skip(int wire_type) {
  switch (wire_type) {
    case kWireVarint:
      return ReadVarint().status();
    case kWireFixed64:
      return ReadFixed64().status();
    case kWireFixed32:
      return ReadFixed32().status();
    case kWireLengthDelimited:
      return ReadLengthDelimited().status();
    default:
      return absl::InvalidArgumentError(
          StrCat("protobuf: unsupported wire type ", wire_type, " at byte ", Offset()));
  }
}

}  // namespace wisp::api::internal
