// File: wisp/api/protobuf.h
//
// Decoding of Kubernetes protobuf request bodies
// (Content-Type: application/vnd.kubernetes.protobuf) into the JSON the rest
// of the API server handles. Typed clients (kubectl create <generator>,
// client-go) send this encoding. Pure function of its arguments; safe to
// call concurrently.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "wisp/api/registry.h"

namespace wisp::api {

inline constexpr std::string_view kProtobufContentType = "application/vnd.kubernetes.protobuf";

// Decodes `body` -- the 4-byte magic "k8s\0" followed by a runtime.Unknown
// envelope {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} --
// into one JSON object text, decoding `raw` field by field with the
// registry's schema (protobuf numbers from its schema text).
//
// Which schema: apiVersion+kind of the envelope name a served kind
// (Registry::FindKind), its List, a subresource body kind with a schema in
// the registry (autoscaling/v1 Scale, policy/v1 Eviction, v1 Binding,
// authentication.k8s.io/v1 TokenRequest), or DeleteOptions (any
// apiVersion; meta/v1 schema).
//
// The result:
//   * "apiVersion" and "kind" come from the envelope.
//   * Fields appear under their JSON names; fields Go inlines from embedded
//     structs (Probe.exec, Volume.hostPath, IngressRule.http, ...) are flat.
//   * Empty singular strings are dropped (go-to-protobuf writes every
//     non-pointer string, JSON omits them); numbers and bools are kept as
//     written, so `replicas: 0` survives (PruneUnknownFields later drops
//     the zeros of non-pointer omitempty fields, as Go's encoder would). Empty nested messages are
//     kept as
//     {} (Go's JSON encoder writes struct values too); a zero Time/MicroTime
//     (an empty message) is dropped, like JSON's null.
//   * Time -> "2006-01-02T15:04:05Z", MicroTime -> "...05.000000Z",
//     Quantity -> its string, IntOrString -> number or string, bytes
//     (Secret.data, ConfigMap.binaryData, CSR.request) -> base64,
//     RawExtension/FieldsV1 -> the embedded JSON value.
//   * Unknown field numbers are skipped (newer clients); packed and unpacked
//     repeated scalars are both accepted.
//
// Errors (all InvalidArgument, message names the byte offset in `body` and
// the field path where one is known): no "k8s\0" magic, malformed wire data
// (truncated varint, length past the end, wire type not matching the
// schema), no typeMeta apiVersion/kind, a contentEncoding (compression is
// not supported), an apiVersion/kind with no schema, RawExtension bytes that
// are not JSON. A missing raw decodes as an empty object.
absl::StatusOr<std::string> ProtobufToJson(const Registry& registry, std::string_view body);

}  // namespace wisp::api
