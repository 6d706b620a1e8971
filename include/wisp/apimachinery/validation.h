// File: wisp/apimachinery/validation.h
//
// Syntax checks and field-error builders with upstream's exact wording
// (k8s.io/apimachinery/pkg/util/validation and .../validation/field), plus
// ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation).
//
// The Is* functions return the list of error strings for a value; an empty
// list means valid. The Field* functions build one Cause whose message is
// what upstream's field.Error.ErrorBody() prints and whose field is the path.
//
// Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "wisp/apimachinery/status.h"

namespace wisp::apimachinery {

std::vector<std::string> IsDns1123Subdomain(std::string_view value);
// "*." followed by a DNS-1123 subdomain (ingress hosts).
std::vector<std::string> IsWildcardDns1123Subdomain(std::string_view value);
std::vector<std::string> IsDns1123Label(std::string_view value);
std::vector<std::string> IsDns1035Label(std::string_view value);
std::vector<std::string> IsQualifiedName(std::string_view value);
std::vector<std::string> IsValidLabelValue(std::string_view value);
std::vector<std::string> IsConfigMapKey(std::string_view value);
std::vector<std::string> IsValidPortNum(int64_t port);
std::vector<std::string> IsCIdentifier(std::string_view value);

// Upstream's maskTrailingDash, run by name validators with prefix=true
// (generateName, envFrom references): a trailing '-' is replaced so "foo-"
// passes.
std::string MaskTrailingDash(std::string_view name);

// fmt's %v / %+v of a JSON value decoded into Go's interface{}:
// map[a:1 b:[x y]] with keys sorted, numbers as float64, <nil> for null.
std::string GoPrintJson(const nlohmann::json& v);

// A metav1.LabelSelector (JSON) as Go's %#v prints it, as field errors show
// one: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"},
// MatchExpressions:[]v1.LabelSelectorRequirement(nil)}.
std::string GoLabelSelector(const nlohmann::json& selector);

// Messages as field.Error.ErrorBody(): `Invalid value: "x": detail`, strings
// quoted, numbers and bools bare, objects/arrays as upstream's %#v fallback:
// string maps as map[string]string{"a":"b"}, string lists as []string{"a"},
// anything else approximated with compact JSON. FieldInvalidGo takes the
// value already printed (e.g. "map[string]string(nil)").
Cause FieldInvalid(std::string_view field, const nlohmann::json& value, std::string_view detail);
Cause FieldInvalidGo(std::string_view field, std::string_view printed, std::string_view detail);
Cause FieldRequired(std::string_view field, std::string_view detail = "");
Cause FieldNotSupported(std::string_view field, const nlohmann::json& value,
                        const std::vector<std::string>& supported);
Cause FieldForbidden(std::string_view field, std::string_view detail);
Cause FieldDuplicate(std::string_view field, const nlohmann::json& value);
Cause FieldTooLong(std::string_view field, const nlohmann::json& value, int64_t max);

// `labels` is the metadata.labels object (null/absent is valid); `field` is
// its path, e.g. "metadata.labels".
std::vector<Cause> ValidateLabels(const nlohmann::json& labels, std::string_view field);
// Key syntax (qualified names, lower-cased) and the 256 KiB total size limit.
std::vector<Cause> ValidateAnnotations(const nlohmann::json& annotations, std::string_view field);

using NameValidator = std::vector<std::string> (*)(std::string_view);

// Validates ObjectMeta on create: name or generateName required, name checked
// with `name_validator` (e.g. IsDns1123Subdomain), namespace required iff
// `namespaced` (forbidden otherwise), labels, annotations, finalizers
// (qualified names) and ownerReferences basics. Field paths start with
// "metadata.". As upstream, run it after the server has generated a name
// from generateName (BeforeCreate): a bare generateName fails with
// "metadata.name: Required value: name or generateName is required".
std::vector<Cause> ValidateObjectMeta(const nlohmann::json& metadata, bool namespaced,
                                      NameValidator name_validator);

// Immutable metadata on update: name, namespace, uid, creationTimestamp,
// deletionTimestamp (may only be set by the server), generateName is free.
// Also re-validates labels/annotations/ownerReferences/finalizers of
// `new_meta`, requires metadata.resourceVersion (for an unconditional update
// copy the stored object's resourceVersion in first, as upstream's registry
// does), forbids decrementing generation, and forbids new finalizers once
// deletionTimestamp is set.
std::vector<Cause> ValidateObjectMetaUpdate(const nlohmann::json& new_meta,
                                            const nlohmann::json& old_meta);

}  // namespace wisp::apimachinery
