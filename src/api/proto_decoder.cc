// Schema-driven protobuf -> JSON decoding (rules in wisp/api/protobuf.h).
#include "api/proto_decoder.h"

#include "wisp/apimachinery/go_time.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/time/time.h"
#include "wisp/base/strings.h"

namespace wisp::api::internal {
namespace {

using base::StrCat;
using nlohmann::json;

constexpr int kMaxDepth = 100;

absl::Status FieldError(const std::string& path, const WireTag& tag, std::string_view problem) {
  return absl::InvalidArgumentError(StrCat("protobuf: field \"", path, "\" (#", tag.number,
                                           ") at byte ", tag.offset, ": ", problem));
}

const char* WireTypeName(int wire_type) {
  switch (wire_type) {
    case kWireVarint:
      return "varint";
    case kWireFixed64:
      return "64-bit";
    case kWireLengthDelimited:
      return "length-delimited";
    default:
      return "32-bit";
  }
}

absl::Status WantWireType(const std::string& path, const WireTag& tag, int want) {
  if (tag.wire_type == want) return absl::OkStatus();
  return FieldError(
      path, tag, StrCat("wire type ", WireTypeName(tag.wire_type), ", want ", WireTypeName(want)));
}

std::string Join(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : StrCat(path, ".", name);
}

bool HasPrefix(const std::vector<int>& v, const std::vector<int>& prefix) {
  return v.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), v.begin());
}

// Time {seconds = 1, nanos = 2} -> RFC 3339; an empty message (Go's zero
// time) -> null.
absl::StatusOr<json> DecodeTime(bool micro, WireReader in, const std::string& path) {
  if (in.Done()) return json();
  int64_t seconds = 0, nanos = 0;
  while (!in.Done()) {
    absl::StatusOr<WireTag> tag = in.ReadTag();
    if (!tag.ok()) return tag.status();
    if ((tag->number == 1 || tag->number == 2) && tag->wire_type == kWireVarint) {
      absl::StatusOr<uint64_t> v = in.ReadVarint();
      if (!v.ok()) return v.status();
      (tag->number == 1 ? seconds : nanos) = static_cast<int64_t>(*v);
    } else if (absl::Status s = in.Skip(tag->wire_type); !s.ok()) {
      return s;
    }
  }
  if (nanos < 0 || nanos >= 1000000000) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: field \"", path, "\": nanos ", nanos, " out of range"));
  }
  absl::Time t = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(micro ? nanos : 0);
  return absl::FormatTime(micro ? "%Y-%m-%dT%H:%M:%E6SZ" : "%Y-%m-%dT%H:%M:%SZ", t,
                          absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<json> ProtoDecoder::DecodeObject(const TypeSchema& type, WireReader in,
                                                const std::string& path) {
  if (++depth_ > kMaxDepth) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: messages nested deeper than ", kMaxDepth, " at byte ", in.Offset()));
  }
  json out = json::object();
  std::vector<int> embedding;
  absl::Status s = DecodeFields(type, embedding, in, path, out);
  --depth_;
  if (!s.ok()) return s;
  return out;
}

absl::Status ProtoDecoder::DecodeFields(const TypeSchema& type, std::vector<int>& embedding,
                                        WireReader in, const std::string& path, json& out) {
  while (!in.Done()) {
    absl::StatusOr<WireTag> tag = in.ReadTag();
    if (!tag.ok()) return tag.status();
    const FieldSchema* field = nullptr;
    bool embedded = false;
    for (const FieldSchema& f : type.fields) {
      if (f.proto_number == tag->number && f.proto_embedding == embedding) {
        field = &f;
        break;
      }
      if (f.proto_embedding.size() > embedding.size() && HasPrefix(f.proto_embedding, embedding) &&
          f.proto_embedding[embedding.size()] == tag->number) {
        embedded = true;
      }
    }
    if (field != nullptr) {
      if (absl::Status s = DecodeField(*field, *tag, in, path, out); !s.ok()) return s;
    } else if (embedded) {
      // An embedded Go struct whose fields JSON inlines into this object.
      std::string where = Join(path, StrCat("<embedded #", tag->number, ">"));
      if (absl::Status s = WantWireType(where, *tag, kWireLengthDelimited); !s.ok()) return s;
      absl::StatusOr<WireReader> sub = in.ReadLengthDelimited();
      if (!sub.ok()) return sub.status();
      embedding.push_back(tag->number);
      absl::Status s = DecodeFields(type, embedding, *sub, path, out);
      embedding.pop_back();
      if (!s.ok()) return s;
    } else if (absl::Status s = in.Skip(tag->wire_type); !s.ok()) {
      return s;  // unknown field numbers are skipped, but must be well-formed
    }
  }
  return absl::OkStatus();
}

absl::Status ProtoDecoder::DecodeField(const FieldSchema& f, const WireTag& tag, WireReader& in,
                                       const std::string& path, json& out) {
  std::string child = Join(path, f.name);
  switch (f.container) {
    case Container::kNone: {
      absl::StatusOr<json> v = DecodeValue(f, tag, in, child);
      if (!v.ok()) return v.status();
      if (v->is_null() || (v->is_string() && v->get_ref<const std::string&>().empty())) {
        out.erase(f.name);
      } else {
        out[f.name] = *std::move(v);
      }
      return absl::OkStatus();
    }
    case Container::kList: {
      json& list = out[f.name];
      if (!list.is_array()) list = json::array();
      bool packable = f.type == ValueType::kInteger || f.type == ValueType::kBoolean ||
                      f.type == ValueType::kNumber;
      if (packable && tag.wire_type == kWireLengthDelimited) {
        absl::StatusOr<WireReader> packed = in.ReadLengthDelimited();
        if (!packed.ok()) return packed.status();
        WireTag element = tag;
        element.wire_type = f.type == ValueType::kNumber ? kWireFixed64 : kWireVarint;
        while (!packed->Done()) {
          element.offset = packed->Offset();
          absl::StatusOr<json> v =
              DecodeValue(f, element, *packed, StrCat(child, "[", list.size(), "]"));
          if (!v.ok()) return v.status();
          list.push_back(*std::move(v));
        }
        return absl::OkStatus();
      }
      absl::StatusOr<json> v = DecodeValue(f, tag, in, StrCat(child, "[", list.size(), "]"));
      if (!v.ok()) return v.status();
      if (!v->is_null()) list.push_back(*std::move(v));
      return absl::OkStatus();
    }
    case Container::kMap:
    case Container::kMapOfList: {
      if (absl::Status s = WantWireType(child, tag, kWireLengthDelimited); !s.ok()) return s;
      absl::StatusOr<WireReader> entry = in.ReadLengthDelimited();
      if (!entry.ok()) return entry.status();
      json& map = out[f.name];
      if (!map.is_object()) map = json::object();
      return DecodeMapEntry(f, *entry, child, map);
    }
  }
  return absl::OkStatus();
}

// A map entry {key = 1, value = 2}; for map[string][]T the value is a
// message holding the list as field 1 (ExtraValue).
absl::Status ProtoDecoder::DecodeMapEntry(const FieldSchema& f, WireReader entry,
                                          const std::string& path, json& map) {
  std::string key;
  json value;
  bool has_value = false;
  while (!entry.Done()) {
    absl::StatusOr<WireTag> tag = entry.ReadTag();
    if (!tag.ok()) return tag.status();
    if (tag->number == 1) {
      if (absl::Status s = WantWireType(StrCat(path, "<key>"), *tag, kWireLengthDelimited);
          !s.ok()) {
        return s;
      }
      absl::StatusOr<WireReader> k = entry.ReadLengthDelimited();
      if (!k.ok()) return k.status();
      key = std::string(k->Data());
    } else if (tag->number == 2 && f.container == Container::kMapOfList) {
      std::string where = StrCat(path, "[", key, "]");
      if (absl::Status s = WantWireType(where, *tag, kWireLengthDelimited); !s.ok()) return s;
      absl::StatusOr<WireReader> items = entry.ReadLengthDelimited();
      if (!items.ok()) return items.status();
      value = json::array();
      while (!items->Done()) {
        absl::StatusOr<WireTag> item = items->ReadTag();
        if (!item.ok()) return item.status();
        if (item->number != 1) {
          if (absl::Status s = items->Skip(item->wire_type); !s.ok()) return s;
          continue;
        }
        absl::StatusOr<json> v = DecodeValue(f, *item, *items, where);
        if (!v.ok()) return v.status();
        value.push_back(*std::move(v));
      }
      has_value = true;
    } else if (tag->number == 2) {
      absl::StatusOr<json> v = DecodeValue(f, *tag, entry, StrCat(path, "[", key, "]"));
      if (!v.ok()) return v.status();
      value = *std::move(v);
      has_value = true;
    } else if (absl::Status s = entry.Skip(tag->wire_type); !s.ok()) {
      return s;
    }
  }
  if (!has_value) {
    // proto2 writes every entry's value; an absent one is the zero value.
    switch (f.type) {
      case ValueType::kInteger:
        value = 0;
        break;
      case ValueType::kBoolean:
        value = false;
        break;
      case ValueType::kObject:
        value = f.container == Container::kMapOfList ? json::array() : json::object();
        break;
      default:
        value = "";
    }
  }
  if (!value.is_null()) map[key] = std::move(value);
  return absl::OkStatus();
}

absl::StatusOr<json> ProtoDecoder::DecodeValue(const FieldSchema& f, const WireTag& tag,
                                               WireReader& in, const std::string& path) {
  switch (f.type) {
    case ValueType::kString: {
      if (absl::Status s = WantWireType(path, tag, kWireLengthDelimited); !s.ok()) return s;
      absl::StatusOr<WireReader> bytes = in.ReadLengthDelimited();
      if (!bytes.ok()) return bytes.status();
      std::string_view data = bytes->Data();
      if (f.format == "byte")
        return absl::Base64Escape(absl::string_view(data.data(), data.size()));
      return std::string(data);
    }
    case ValueType::kInteger:
    case ValueType::kBoolean: {
      if (absl::Status s = WantWireType(path, tag, kWireVarint); !s.ok()) return s;
      absl::StatusOr<uint64_t> v = in.ReadVarint();
      if (!v.ok()) return v.status();
      if (f.type == ValueType::kBoolean) return json(*v != 0);
      if (f.format == "int32") return json(static_cast<int64_t>(static_cast<int32_t>(*v)));
      return json(static_cast<int64_t>(*v));
    }
    case ValueType::kNumber: {
      if (absl::Status s = WantWireType(path, tag, kWireFixed64); !s.ok()) return s;
      absl::StatusOr<uint64_t> bits = in.ReadFixed64();
      if (!bits.ok()) return bits.status();
      double d;
      std::memcpy(&d, &*bits, sizeof d);
      return json(d);
    }
    case ValueType::kObject: {
      if (absl::Status s = WantWireType(path, tag, kWireLengthDelimited); !s.ok()) return s;
      absl::StatusOr<WireReader> sub = in.ReadLengthDelimited();
      if (!sub.ok()) return sub.status();
      const TypeSchema* def = registry_.Schema(f.ref);
      if (def == nullptr) {
        return absl::InternalError(StrCat("protobuf: no definition ", f.ref, " for ", path));
      }
      if (def->scalar != ValueType::kObject) return DecodeScalarDefinition(*def, *sub, path);
      return DecodeObject(*def, *sub, path);
    }
    default:
      return absl::InternalError(StrCat("protobuf: field ", path, " has no protobuf decoding"));
  }
}

// Definitions JSON shows as scalars but protobuf writes as small messages.
absl::StatusOr<json> ProtoDecoder::DecodeScalarDefinition(const TypeSchema& def, WireReader in,
                                                          const std::string& path) {
  if (def.scalar == ValueType::kString && def.format == "date-time") {
    return DecodeTime(apimachinery::IsMicroTimeDefinition(def.name), in, path);
  }
  // Quantity {string = 1}; IntOrString {type = 1, intVal = 2, strVal = 3};
  // RawExtension/FieldsV1 {raw = 1} holding JSON text.
  int64_t type = 0, int_val = 0;
  std::string str_val;
  bool seen_bytes = false;
  while (!in.Done()) {
    absl::StatusOr<WireTag> tag = in.ReadTag();
    if (!tag.ok()) return tag.status();
    bool ios = def.scalar == ValueType::kIntOrString;
    if (ios && (tag->number == 1 || tag->number == 2) && tag->wire_type == kWireVarint) {
      absl::StatusOr<uint64_t> v = in.ReadVarint();
      if (!v.ok()) return v.status();
      if (tag->number == 1) {
        type = static_cast<int64_t>(*v);
      } else {
        int_val = static_cast<int32_t>(*v);
      }
    } else if (tag->number == (ios ? 3 : 1) && tag->wire_type == kWireLengthDelimited) {
      absl::StatusOr<WireReader> bytes = in.ReadLengthDelimited();
      if (!bytes.ok()) return bytes.status();
      str_val = std::string(bytes->Data());
      seen_bytes = true;
    } else if (absl::Status s = in.Skip(tag->wire_type); !s.ok()) {
      return s;
    }
  }
  switch (def.scalar) {
    case ValueType::kIntOrString:
      if (type == 1) return json(str_val);
      return json(int_val);
    case ValueType::kQuantity:
      return seen_bytes && !str_val.empty() ? json(str_val) : json();
    case ValueType::kAny: {
      if (str_val.empty()) return json();
      json v = json::parse(str_val, nullptr, false);
      if (v.is_discarded()) {
        return absl::InvalidArgumentError(
            StrCat("protobuf: field \"", path, "\": raw bytes are not JSON"));
      }
      return v;
    }
    default:
      if (!seen_bytes) return json();
      return json(str_val);
  }
}

}  // namespace wisp::api::internal
