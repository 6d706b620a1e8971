// File: src/apiserver/rest_call.h (private to the apiserver)
//
// Rest::Call: the state of one REST request while a worker serves it, plus
// the list filter (label + field selectors) shared by lists and watches.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "apiserver/rest.h"
#include "wisp/apimachinery/field_selector.h"
#include "wisp/apimachinery/label_selector.h"

namespace wisp::apiserver {

struct Rest::Call {
  RequestInfo info;
  UserInfo user;
  net::HttpRequest http;
  std::unique_ptr<net::Responder> responder;
  const ResourceContext* rc = nullptr;
  Negotiated accept;
  bool dry_run = false;
  std::vector<std::string> warnings;  // sent as Warning headers
  bool quota_charged = false;         // a create charged to quotas, not yet stored
};

// Checks apiVersion/kind of a body against the endpoint (Scale for "scale");
// fills them, and an empty metadata, if absent. False with a 400 in `error`.
bool CheckTypeMeta(nlohmann::json& obj, const api::ResourceInfo& info,
                   const std::string& subresource, apimachinery::ApiError* error);

// Null-safe reads of request bodies and stored objects: the fallback unless
// `obj` is an object whose `key` holds the wanted type (upstream's typed
// decoding reads null as absent).
std::string StrField(const nlohmann::json& obj, std::string_view key);
int64_t IntField(const nlohmann::json& obj, std::string_view key, int64_t fallback = 0);
// The object (or array) at `key`, or an empty one.
const nlohmann::json& ObjField(const nlohmann::json& obj, std::string_view key);
const nlohmann::json& ArrField(const nlohmann::json& obj, std::string_view key);

// What a DELETE body (or an Eviction's deleteOptions) asks for.
struct DeleteOptions {
  std::optional<int64_t> grace_period;  // never negative
  std::string precondition_uid;
  std::string precondition_rv;
  bool dry_run = false;
  // propagationPolicy ("Orphan", "Background", "Foreground"; the deprecated
  // orphanDependents maps to Orphan or Background); empty: not given.
  std::string propagation;
  // orphanDependents was given as false (upstream then answers 202 when
  // the object is not gone at once).
  bool cascade_requested = false;
};
// Reads a DeleteOptions object; false with a 400 or 422 in `error`.
bool ReadDeleteOptions(const api::Registry& registry, const nlohmann::json& body,
                       DeleteOptions* out, apimachinery::ApiError* error);

// Label and field selectors of a list or watch.
class ObjectFilter {
 public:
  // Parses labelSelector/fieldSelector (and the name of a single-object
  // watch); errors are 400 ApiErrors.
  static absl::StatusOr<ObjectFilter> FromRequest(const net::HttpRequest& request,
                                                  const api::ResourceInfo& info,
                                                  const std::string& name,
                                                  apimachinery::ApiError* error);
  bool Matches(const CachedObject& obj) const;
  bool Empty() const { return label_.Empty() && field_.Empty(); }

 private:
  apimachinery::LabelSelector label_;
  apimachinery::FieldSelector field_;
  const api::ResourceInfo* info_ = nullptr;  // for the storage names of its field labels
};

// Whether a stored object (JSON as Rest::Encode writes it: compact, keys
// sorted, so its own apiVersion is the first in the text; the only top-level
// key sorting earlier, an Event's "action", holds a string) is in
// `api_version`. Saves parsing objects that need no conversion.
bool StoredInVersion(std::string_view stored_json, std::string_view api_version);

// The selectable fields of `obj` for `info` (metadata.name, metadata.namespace
// and the kind's own list).
std::vector<std::pair<std::string, std::string>> SelectableFields(const api::ResourceInfo& info,
                                                                  const nlohmann::json& obj);

}  // namespace wisp::apiserver
