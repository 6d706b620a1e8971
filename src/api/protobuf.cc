// Kubernetes protobuf request bodies -> JSON: the "k8s\0" envelope and the
// choice of schema; the message decoding is in proto_decoder.cc.
#include "wisp/api/protobuf.h"

#include "api/proto_decoder.h"
#include "api/proto_wire.h"
#include "wisp/base/strings.h"

namespace wisp::api {
namespace {

using base::StrCat;
using internal::WireReader;
using internal::WireTag;
using nlohmann::json;

constexpr std::string_view kMagic("k8s\0", 4);

// runtime.Unknown {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2,
// contentEncoding = 3, contentType = 4}.
struct Envelope {
  std::string api_version;
  std::string kind;
  std::string content_encoding;
  WireReader raw{std::string_view(), 0};
};

absl::StatusOr<std::string> ReadString(WireReader& in, const WireTag& tag, const char* what) {
  if (tag.wire_type != internal::kWireLengthDelimited) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: envelope field ", what, " at byte ", tag.offset, " is not a string"));
  }
  absl::StatusOr<WireReader> s = in.ReadLengthDelimited();
  if (!s.ok()) return s.status();
  return std::string(s->Data());
}

absl::Status ReadTypeMeta(WireReader in, Envelope& env) {
  while (!in.Done()) {
    absl::StatusOr<WireTag> tag = in.ReadTag();
    if (!tag.ok()) return tag.status();
    if (tag->number == 1 || tag->number == 2) {
      absl::StatusOr<std::string> s =
          ReadString(in, *tag, tag->number == 1 ? "typeMeta.apiVersion" : "typeMeta.kind");
      if (!s.ok()) return s.status();
      (tag->number == 1 ? env.api_version : env.kind) = *std::move(s);
    } else if (absl::Status s = in.Skip(tag->wire_type); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Envelope> ReadEnvelope(std::string_view body) {
  if (body.size() < kMagic.size() || body.substr(0, kMagic.size()) != kMagic) {
    return absl::InvalidArgumentError(
        "protobuf: body does not start with the Kubernetes protobuf magic \"k8s\\x00\"");
  }
  Envelope env;
  WireReader in(body.substr(kMagic.size()), kMagic.size());
  while (!in.Done()) {
    absl::StatusOr<WireTag> tag = in.ReadTag();
    if (!tag.ok()) return tag.status();
    if (tag->number == 1 || tag->number == 2) {
      if (tag->wire_type != internal::kWireLengthDelimited) {
        return absl::InvalidArgumentError(StrCat("protobuf: envelope field ", tag->number,
                                                 " at byte ", tag->offset, " is not a message"));
      }
      absl::StatusOr<WireReader> sub = in.ReadLengthDelimited();
      if (!sub.ok()) return sub.status();
      if (tag->number == 2) {
        env.raw = *sub;
      } else if (absl::Status s = ReadTypeMeta(*sub, env); !s.ok()) {
        return s;
      }
    } else if (tag->number == 3) {
      absl::StatusOr<std::string> s = ReadString(in, *tag, "contentEncoding");
      if (!s.ok()) return s.status();
      env.content_encoding = *std::move(s);
    } else if (absl::Status s = in.Skip(tag->wire_type); !s.ok()) {
      return s;  // contentType (4) and future fields
    }
  }
  if (env.kind.empty() || env.api_version.empty()) {
    return absl::InvalidArgumentError("protobuf: the envelope names no typeMeta apiVersion/kind");
  }
  if (!env.content_encoding.empty()) {
    return absl::InvalidArgumentError(
        StrCat("protobuf: contentEncoding \"", env.content_encoding, "\" is not supported"));
  }
  return env;
}

// Subresource bodies live in the package of their group: "" -> core,
// "authentication.k8s.io" -> authentication.
std::string DefinitionName(std::string_view group, std::string_view version,
                           std::string_view kind) {
  std::string_view package = group.empty() ? "core" : group.substr(0, group.find('.'));
  return StrCat("io.k8s.api.", package, ".", version, ".", kind);
}

const TypeSchema* FindSchema(const Registry& registry, std::string_view api_version,
                             std::string_view kind) {
  size_t slash = api_version.find('/');
  std::string_view group = slash == std::string_view::npos ? "" : api_version.substr(0, slash);
  std::string_view version =
      slash == std::string_view::npos ? api_version : api_version.substr(slash + 1);
  if (kind == "DeleteOptions") {
    return registry.Schema("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
  }
  if (const ResourceInfo* r = registry.FindKind(group, version, kind)) {
    return registry.Schema(r->schema);
  }
  for (const ResourceInfo& r : registry.Resources()) {
    if (r.group == group && r.version == version && r.list_kind == kind && r.Listable()) {
      return registry.Schema(StrCat(r.schema, "List"));
    }
    for (const SubresourceInfo& s : r.subresources) {
      bool same_gv = s.version.empty();
      std::string_view sg = same_gv ? std::string_view(r.group) : std::string_view(s.group);
      std::string_view sv = same_gv ? std::string_view(r.version) : std::string_view(s.version);
      if (s.kind == kind && sg == group && sv == version) {
        if (const TypeSchema* t = registry.Schema(DefinitionName(sg, sv, kind))) return t;
      }
    }
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<std::string> ProtobufToJson(const Registry& registry, std::string_view body) {
  absl::StatusOr<Envelope> env = ReadEnvelope(body);
  if (!env.ok()) return env.status();
  const TypeSchema* schema = FindSchema(registry, env->api_version, env->kind);
  if (schema == nullptr) {
    return absl::InvalidArgumentError(StrCat("protobuf: no schema for apiVersion \"",
                                             env->api_version, "\" kind \"", env->kind, "\""));
  }
  internal::ProtoDecoder decoder(registry);
  absl::StatusOr<json> object = decoder.DecodeObject(*schema, env->raw, "");
  if (!object.ok()) return object.status();
  (*object)["apiVersion"] = env->api_version;
  (*object)["kind"] = env->kind;
  return object->dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace wisp::api
