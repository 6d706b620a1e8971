// File: src/apiserver/rest_write.cc
//
// CREATE, UPDATE (PUT) and PATCH. Writes are etcd transactions conditioned
// on the key's mod_revision, so concurrent writers never lose an update: a
// client that sent a resourceVersion gets 409 Conflict, a client that did not
// (or a patch) is retried on the fresh object.
#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "apiserver/deletion.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "apiserver/service_allocator.h"
#include "wisp/api/field_validation.h"
#include "wisp/api/type_check.h"
#include "wisp/apimachinery/patch.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

constexpr int kMaxRetries = 16;

// Copies the fields clients cannot change from the stored object.
void KeepSystemMetadata(json& obj, const json& old) {
  json& m = obj["metadata"];
  const json& o = old["metadata"];
  for (const char* k : {"uid", "creationTimestamp", "deletionTimestamp",
                        "deletionGracePeriodSeconds", "generation", "name", "namespace"}) {
    // A uid the client gives must be the object's (validation refuses
    // another: "field is immutable"); a missing one is filled in.
    if (std::string_view(k) == "uid" && m.contains(k) && m[k].is_string() &&
        !m[k].get<std::string>().empty()) {
      continue;
    }
    if (o.contains(k)) {
      m[k] = o[k];
    } else {
      m.erase(k);
    }
  }
}

// Upstream's checkName, on updates and patch results.
am::ApiError NameMismatch(const std::string& object, const std::string& url) {
  if (object.empty()) {
    return am::BadRequest(base::StrCat("the name of the object (", url,
                                       " based on URL) was undeterminable: name must be provided"));
  }
  return am::BadRequest(base::StrCat("the name of the object (", object,
                                     ") does not match the name on the URL (", url, ")"));
}
am::ApiError NamespaceMismatch(const std::string& object, const std::string& request) {
  return am::BadRequest(base::StrCat("the namespace of the object (", object,
                                     ") does not match the namespace on the request (", request,
                                     ")"));
}

// The Go type a typed decode targets, for "unable to decode ... into ...":
// the internal package is the group's first label, "core" for the core group.
std::string InternalType(const api::ResourceInfo& info) {
  const std::string package =
      info.group.empty() ? "core" : info.group.substr(0, info.group.find('.'));
  return base::StrCat("*", package, ".", info.kind);
}

bool SameObject(json a, json b) {
  a["metadata"].erase("resourceVersion");
  b["metadata"].erase("resourceVersion");
  return a == b;
}

// certificatesigningrequests/approval: only status.conditions change, each
// gets its timestamps, and Approved/Denied follow upstream's rules.
std::vector<am::Cause> ApplyApproval(json& next, const json& current) {
  json conditions = ArrField(ObjField(next, "status"), "conditions");
  json rv = next["metadata"]["resourceVersion"];
  next = current;
  next["metadata"]["resourceVersion"] = rv;
  std::vector<am::Cause> causes;
  bool approved = false;
  bool denied = false;
  std::vector<std::string> seen;
  const std::string now = NowRfc3339();
  for (size_t i = 0; i < conditions.size(); ++i) {
    json& c = conditions[i];
    const std::string path = base::StrCat("status.conditions[", i, "]");
    if (!c.is_object()) c = json::object();
    std::string type = StrField(c, "type");
    if (type.empty()) {
      causes.push_back(am::FieldRequired(path + ".type"));
      continue;
    }
    if (type != "Approved" && type != "Denied" && type != "Failed") {
      causes.push_back(
          am::FieldNotSupported(path + ".type", type, {"Approved", "Denied", "Failed"}));
    }
    if (std::find(seen.begin(), seen.end(), type) != seen.end()) {
      causes.push_back(am::FieldDuplicate(path + ".type", type));
    }
    seen.push_back(type);
    // An unset status means True, as upstream defaults it.
    if (StrField(c, "status").empty()) c["status"] = "True";
    if (type == "Approved" || type == "Denied") {
      (type == "Approved" ? approved : denied) = true;
      if (c["status"] != "True") {
        causes.push_back(am::FieldNotSupported(path + ".status", c["status"], {"True"}));
      }
      if (approved && denied) {
        causes.push_back(am::FieldInvalid(path + ".type", type,
                                          "Approved and Denied conditions are mutually exclusive"));
      }
    }
    if (StrField(c, "lastUpdateTime").empty()) c["lastUpdateTime"] = now;
    if (StrField(c, "lastTransitionTime").empty()) c["lastTransitionTime"] = now;
  }
  // A decision once made stays.
  for (const char* kept : {"Approved", "Denied"}) {
    bool had = false;
    for (const json& c : ArrField(ObjField(current, "status"), "conditions")) {
      had = had || StrField(c, "type") == kept;
    }
    if (had && std::find(seen.begin(), seen.end(), kept) == seen.end()) {
      causes.push_back(am::FieldForbidden(
          "status.conditions",
          base::StrCat("updates may not remove a condition of type \"", kept, "\"")));
    }
  }
  if (!next["status"].is_object()) next["status"] = json::object();
  next["status"]["conditions"] = conditions;
  return causes;
}

}  // namespace

bool CheckTypeMeta(json& obj, const api::ResourceInfo& info, const std::string& subresource,
                   am::ApiError* error) {
  std::string want_kind = info.kind;
  std::string want_version = info.ApiVersion();
  if (subresource == "scale") {
    want_kind = "Scale";
    want_version = "autoscaling/v1";
  }
  std::string kind = obj.value("kind", "");
  std::string version = obj.value("apiVersion", "");
  if (!kind.empty() && kind != want_kind) {
    *error = am::BadRequest(base::StrCat("the object provided is unrecognized (must be of type ",
                                         want_kind, "): unexpected kind \"", kind, "\""));
    return false;
  }
  if (!version.empty() && version != want_version) {
    *error = am::BadRequest(base::StrCat("the API version in the data (", version,
                                         ") does not match the expected API version (",
                                         want_version, ")"));
    return false;
  }
  obj["kind"] = want_kind;
  obj["apiVersion"] = want_version;
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) {
    obj["metadata"] = json::object();
  }
  return true;
}

absl::StatusOr<int64_t> Rest::LeaseFor(const ResourceContext& rc) {
  const bool event =
      rc.info->plural == "events" && (rc.info->group.empty() || rc.info->group == "events.k8s.io");
  if (!event || event_ttl_.count() <= 0) return 0;
  // A lease outlives the TTL by the reuse window, so every write that takes
  // it keeps at least the TTL.
  constexpr std::chrono::seconds kReuse(60);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(lease_mu_);
  if (event_lease_ != 0 && now + event_ttl_ < event_lease_expiry_) return event_lease_;
  auto granted = etcd_.GrantLease((event_ttl_ + kReuse).count());
  if (!granted.ok()) return granted.status();
  event_lease_ = *granted;
  event_lease_expiry_ = now + event_ttl_ + kReuse;
  return event_lease_;
}

absl::Status Rest::CreateInternal(const ResourceContext& rc, json obj) {
  auto lease = LeaseFor(rc);
  if (!lease.ok()) return lease.status();
  auto r = etcd_.Create(
      Key(rc, obj["metadata"].value("namespace", ""), obj["metadata"].value("name", "")),
      Encode(rc, obj), *lease);
  if (!r.ok()) return r.status();
  if (!r->succeeded) return absl::AlreadyExistsError("exists");
  return absl::OkStatus();
}

absl::Status Rest::PutInternal(const ResourceContext& rc, json obj, int64_t mod_revision,
                               int64_t* revision) {
  auto lease = LeaseFor(rc);
  if (!lease.ok()) return lease.status();
  auto r = etcd_.CompareAndPut(
      Key(rc, obj["metadata"].value("namespace", ""), obj["metadata"].value("name", "")),
      Encode(rc, obj), mod_revision, *lease);
  if (!r.ok()) return r.status();
  if (!r->succeeded) return absl::AbortedError("changed concurrently");
  if (revision) *revision = r->revision;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredObject>> Rest::ListStored(const std::string& prefix) {
  auto r = etcd_.Range(prefix, PrefixEnd(prefix), 0, 0);
  if (!r.ok()) return r.status();
  std::vector<StoredObject> out;
  for (const KeyValue& kv : r->kvs) {
    auto obj = Decode(nullptr, kv);
    if (obj.ok()) out.push_back(*std::move(obj));
  }
  return out;
}

void Rest::Create(Call& call) {
  if (!call.info.name.empty() && call.info.subresource.empty()) {
    return ReplyError(call, am::MethodNotAllowed(
                                "the server does not allow this method on the requested resource"));
  }
  if (!call.info.subresource.empty()) {
    return ReplyError(call,
                      am::MethodNotAllowed(base::StrCat(
                          "the server does not allow this method on the requested resource (post ",
                          call.rc->info->plural, " ", call.info.subresource, ")")));
  }
  am::ApiError error;
  auto body = DecodeBody(call.http, &error, &registry_);
  if (!body.ok()) return ReplyError(call, error);
  json obj = *std::move(body);
  if (!obj.is_object()) return ReplyError(call, am::BadRequest("the body must be a JSON object"));
  if (!CheckTypes(call, obj)) return;
  if (!CheckTypeMeta(obj, *call.rc->info, "", &error)) return ReplyError(call, error);
  if (!CheckFieldValidation(call, obj)) return;
  // Upstream's storage refuses a version that parses as non-zero (after
  // admission and validation, with a 500 that has no reason).
  uint64_t rv = 0;
  CreateDecoded(call, obj,
                absl::SimpleAtoi(StrField(obj["metadata"], "resourceVersion"), &rv) && rv != 0);
}

void Rest::CreateDecoded(Call& call, json& obj, bool refuse_resource_version) {
  am::ApiError error;
  json& meta = obj["metadata"];
  const std::string& ns = call.info.namespace_;
  if (call.rc->info->namespaced) {
    std::string body_ns = meta.value("namespace", "");
    if (!body_ns.empty() && body_ns != ns) {
      return ReplyError(call,
                        am::BadRequest("the namespace of the provided object does not match the "
                                       "namespace sent on the request"));
    }
    meta["namespace"] = ns;
  } else {
    meta.erase("namespace");
  }
  if (meta.value("name", "").empty()) {
    std::string gen = meta.value("generateName", "");
    if (!gen.empty()) meta["name"] = gen + RandomNameSuffix();
  }
  meta["uid"] = NewUid();
  meta["creationTimestamp"] = NowRfc3339();
  for (const char* k : {"resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds",
                        "selfLink", "generation"}) {
    meta.erase(k);
  }
  call.info.name = meta.value("name", "");
  if (!AdmitCreate(call, obj)) return;
  if (!Admit(call, obj, nullptr, false)) return;
  call.info.name = obj["metadata"].value("name", "");
  if (!CheckNamespace(call, true)) return;
  if (!CheckLimitRanges(call, obj, nullptr) || !AdmitPodSecurity(call, obj, nullptr) ||
      !AdmitQuota(call, obj, nullptr)) {
    return;
  }
  struct InFlight {
    Rest* rest;
    Call& call;
    ~InFlight() { rest->QuotaCreateDone(call); }
  } in_flight{this, call};
  if (services_ && call.rc->info->group.empty() && call.rc->info->plural == "services") {
    if (auto s = services_->Allocate(obj, call.dry_run, &error); !s.ok()) {
      return ReplyError(call, error);
    }
  }
  if (call.dry_run) {
    // As upstream's dry-run storage: an existing object is still a conflict.
    auto existing = etcd_.Range(Key(*call.rc, ns, call.info.name), "", 0, 0);
    if (!existing.ok()) return ReplyError(call, InternalToApiError(existing.status()));
    if (!existing->kvs.empty()) {
      return ReplyError(
          call, am::AlreadyExists(call.rc->info->group, call.rc->info->plural, call.info.name));
    }
    return Reply(call, 201, obj);
  }
  if (refuse_resource_version) {
    if (services_ && call.rc->info->plural == "services" && call.rc->info->group.empty()) {
      services_->Release(obj);
    }
    am::ApiError e;
    e.code = 500;
    e.message = "resourceVersion should not be set on objects to be created";
    return ReplyError(call, e);
  }
  auto lease = LeaseFor(*call.rc);
  if (!lease.ok()) return ReplyError(call, InternalToApiError(lease.status()));
  auto r = etcd_.Create(Key(*call.rc, ns, call.info.name), Encode(*call.rc, obj), *lease);
  if (!r.ok() || !r->succeeded) {
    if (services_ && call.rc->info->plural == "services" && call.rc->info->group.empty()) {
      services_->Release(obj);
    }
    if (!r.ok()) return ReplyError(call, InternalToApiError(r.status()));
    am::ApiError exists =
        am::AlreadyExists(call.rc->info->group, call.rc->info->plural, call.info.name);
    // upstream's CheckGeneratedNameError: with generateName the client may
    // simply try again.
    if (!StrField(obj["metadata"], "generateName").empty()) {
      exists.message += ", the server was not able to generate a unique name for the object";
      exists.retry_after_seconds = 1;
    }
    return ReplyError(call, exists);
  }
  obj["metadata"]["resourceVersion"] = std::to_string(r->revision);
  Reply(call, 201, obj);
}

namespace {

// Upstream's ValidateScale, reported against the Scale kind before the
// scaled object's own validation runs.
bool ValidScaleReplicas(const std::string& name, const json& replicas, am::ApiError* error) {
  if (!replicas.is_number_integer() || replicas.get<int64_t>() >= 0) return true;
  *error = am::Invalid(
      "autoscaling", "Scale", name,
      {am::FieldInvalid("spec.replicas", replicas, "must be greater than or equal to 0")});
  return false;
}

// AllowCreateOnUpdate() of upstream's strategies.
bool AllowsCreateOnUpdate(const api::ResourceInfo& info) {
  static const std::set<std::pair<std::string_view, std::string_view>> kKinds = {
      {"", "events"},
      {"events.k8s.io", "events"},
      {"", "endpoints"},
      {"", "limitranges"},
      {"", "services"},
      {"", "serviceaccounts"},
      {"coordination.k8s.io", "leases"},
      {"rbac.authorization.k8s.io", "roles"},
      {"rbac.authorization.k8s.io", "rolebindings"},
      {"rbac.authorization.k8s.io", "clusterroles"},
      {"rbac.authorization.k8s.io", "clusterrolebindings"},
      {"node.k8s.io", "runtimeclasses"}};
  return kKinds.count({info.group, info.plural}) != 0;
}

}  // namespace

void Rest::Update(Call& call) {
  am::ApiError error;
  auto body = DecodeBody(call.http, &error, &registry_);
  if (!body.ok()) return ReplyError(call, error);
  json obj = *std::move(body);
  if (!obj.is_object()) return ReplyError(call, am::BadRequest("the body must be a JSON object"));
  if (call.info.subresource != "scale" && !CheckTypes(call, obj)) return;
  if (!CheckTypeMeta(obj, *call.rc->info, call.info.subresource, &error)) {
    return ReplyError(call, error);
  }
  if (call.info.subresource != "scale" && !CheckFieldValidation(call, obj)) return;
  std::string body_name = obj["metadata"].value("name", "");
  if (body_name != call.info.name) {
    return ReplyError(call, NameMismatch(body_name, call.info.name));
  }
  std::string body_ns = obj["metadata"].value("namespace", "");
  if (call.rc->info->namespaced && !body_ns.empty() && body_ns != call.info.namespace_) {
    return ReplyError(call, NamespaceMismatch(body_ns, call.info.namespace_));
  }
  // The kinds whose upstream strategy allows create on update: a PUT of a
  // missing object creates it.
  std::function<void()> create;
  if (call.info.subresource.empty() && AllowsCreateOnUpdate(*call.rc->info)) {
    create = [&] {
      obj["metadata"]["name"] = call.info.name;
      CreateDecoded(call, obj, false);
    };
  }
  std::string want_rv = obj["metadata"].value("resourceVersion", "");
  const bool scale = call.info.subresource == "scale";
  // ScaleSpec.replicas is omitempty: a Scale without it asks for zero.
  if (scale && !obj.contains("/spec/replicas"_json_pointer)) {
    if (!obj.contains("spec") || !obj["spec"].is_object()) obj["spec"] = json::object();
    obj["spec"]["replicas"] = 0;
  }
  WriteUpdate(
      call,
      [&](const StoredObject& current, json* out) {
        // A uid in the body is a precondition, as upstream's
        // defaultUpdatedObjectInfo makes it.
        const std::string uid = obj["metadata"].value("uid", "");
        const std::string stored_uid = current.object.value("/metadata/uid"_json_pointer, "");
        if (!uid.empty() && uid != stored_uid) {
          // As upstream's storage reports it (a StorageError, code 4).
          ReplyError(call,
                     am::Conflict(call.rc->info->group, call.rc->info->plural, call.info.name,
                                  base::StrCat("StorageError: invalid object, Code: 4, Key: ",
                                               Key(*call.rc, call.info.namespace_, call.info.name),
                                               ", ResourceVersion: 0, AdditionalErrorMsg: "
                                               "Precondition failed: UID in precondition: ",
                                               uid, ", UID in object meta: ", stored_uid)));
          return false;
        }
        if (!scale) {
          *out = obj;
          return true;
        }
        if (am::ApiError e; !ValidScaleReplicas(call.info.name, obj["spec"]["replicas"], &e)) {
          ReplyError(call, e);
          return false;
        }
        *out = current.object;
        (*out)["spec"]["replicas"] = obj["spec"]["replicas"];
        (*out)["metadata"]["resourceVersion"] = want_rv;
        return CheckTypes(call, *out);  // the Scale body was not checked
      },
      want_rv.empty(), create);
}

void Rest::WriteUpdate(Call& call, const MakeUpdate& make, bool retry,
                       const std::function<void()>& create) {
  const bool status_only = call.info.subresource == "status" || call.info.subresource == "approval";
  for (int attempt = 0; attempt < kMaxRetries; ++attempt) {
    auto fresh = ReadCurrent(call);
    if (!fresh.ok()) {
      if (absl::IsNotFound(fresh.status())) {
        if (create) return create();
        return ReplyError(call, NotFound(call));
      }
      return ReplyError(call, InternalToApiError(fresh.status()));
    }
    // What was stored before unknown and empty fields were dropped on write
    // compares as it would now, so old objects neither fail immutability
    // checks nor make a patch look as if it brought their unknown fields.
    api::PruneUnknownFields(registry_, call.rc->info->schema, fresh->object);
    const StoredObject& current = *fresh;
    json obj;
    if (!make(current, &obj)) return;
    if (retry) obj["metadata"].erase("resourceVersion");
    std::string want_rv = obj["metadata"].value("resourceVersion", "");
    if (!want_rv.empty() && want_rv != std::to_string(current.mod_revision)) {
      return ReplyError(
          call, am::ConflictModified(call.rc->info->group, call.rc->info->plural, call.info.name));
    }
    json next = obj;
    KeepSystemMetadata(next, current.object);
    if (call.info.subresource == "approval") {
      std::vector<am::Cause> causes = ApplyApproval(next, current.object);
      if (!causes.empty()) {
        return ReplyError(
            call, am::Invalid(call.rc->info->group, call.rc->info->kind, call.info.name, causes));
      }
    }
    // An unconditional update validates against the version it replaces, as
    // upstream's store does.
    next["metadata"]["resourceVersion"] = std::to_string(current.mod_revision);
    const bool ephemeral = call.info.subresource == "ephemeralcontainers";
    if (ephemeral ? !AdmitEphemeralContainers(call, next, current.object)
                  : !Admit(call, next, &current.object, status_only)) {
      return;
    }
    if (!status_only && !ephemeral &&
        (!CheckLimitRanges(call, next, &current.object) ||
         !AdmitPodSecurity(call, next, &current.object) ||
         !AdmitQuota(call, next, &current.object))) {
      return;
    }
    if (ephemeral && !AdmitPodSecurity(call, next, &current.object)) return;
    if (call.rc->info->group == "scheduling.k8s.io" && call.rc->info->plural == "priorityclasses" &&
        !AdmitPriorityClass(call, next)) {
      return;
    }
    // A Service whose update needs new node ports reserves them here; they
    // go back unless the write lands, and the ones it gave up go after.
    const bool service = services_ && call.rc->info->group.empty() &&
                         call.rc->info->plural == "services" && !status_only;
    std::vector<int> reserved;
    if (service) {
      am::ApiError error;
      auto got = services_->AllocateUpdate(next, current.object, call.dry_run, &error);
      if (!got.ok()) return ReplyError(call, error);
      reserved = *std::move(got);
    }
    struct GiveBack {
      ServiceAllocator* services;
      std::vector<int>* ports;
      ~GiveBack() {
        if (services && !ports->empty()) services->ReleasePorts(*ports);
      }
    } give_back{service ? services_ : nullptr, &reserved};
    bool deleting = current.object.contains("/metadata/deletionTimestamp"_json_pointer);
    json finalizers = next["metadata"].value("finalizers", json::array());
    // As upstream: gone once deleting, no finalizer is left and no grace
    // period runs (a pod's kubelet ends one).
    if (deleting && finalizers.empty() &&
        IntField(ObjField(current.object, "metadata"), "deletionGracePeriodSeconds") == 0 &&
        !HeldBySpecFinalizers(*call.rc, current.object)) {
      // The last finalizer is gone: the object can go.
      if (call.dry_run) return Reply(call, 200, next);
      auto r = etcd_.CompareAndDelete(Key(*call.rc, call.info.namespace_, call.info.name),
                                      current.mod_revision);
      if (!r.ok()) return ReplyError(call, InternalToApiError(r.status()));
      if (r->succeeded) {
        if (services_ && call.rc->info->plural == "services" && call.rc->info->group.empty()) {
          services_->Release(current.object);
        }
        return Reply(call, 200, next);
      }
    } else {
      if (SameObject(next, current.object)) {
        json out =
            call.info.subresource == "scale" ? ToScale(call, current.object) : current.object;
        return Reply(call, 200, out);
      }
      if (call.dry_run) return Reply(call, 200, next);
      auto lease = LeaseFor(*call.rc);
      if (!lease.ok()) return ReplyError(call, InternalToApiError(lease.status()));
      auto r = etcd_.CompareAndPut(Key(*call.rc, call.info.namespace_, call.info.name),
                                   Encode(*call.rc, next), current.mod_revision, *lease);
      if (!r.ok()) return ReplyError(call, InternalToApiError(r.status()));
      if (r->succeeded) {
        if (service) {
          reserved.clear();  // stored: they are the Service's now
          services_->ReleaseUnused(current.object, next);
        }
        next["metadata"]["resourceVersion"] = std::to_string(r->revision);
        json out = call.info.subresource == "scale" ? ToScale(call, next) : next;
        return Reply(call, 200, out);
      }
    }
    // Lost the race. Without a precondition, try again on the fresh object.
    if (!retry) {
      return ReplyError(
          call, am::ConflictModified(call.rc->info->group, call.rc->info->plural, call.info.name));
    }
  }
  ReplyError(call,
             am::ConflictModified(call.rc->info->group, call.rc->info->plural, call.info.name));
}

bool Rest::CheckPatchResult(Call& call, const std::string& type, const json& patch,
                            const json& current, json& target) {
  const api::ResourceInfo& info = *call.rc->info;
  const bool strategic = type == "application/strategic-merge-patch+json";
  // What upstream shows as the bad value: the patch map for a strategic
  // patch, the patched document otherwise.
  auto shown = [&] { return strategic ? am::GoPrintJson(patch) : target.dump(); };
  auto invalid = [&](const std::string& detail) {
    ReplyError(call, am::Invalid("", "", "", {am::FieldInvalid("patch", shown(), detail)}));
    return false;
  };
  for (const char* key : {"apiVersion", "kind"}) {
    if (target.value(key, json()) == current.value(key, json())) continue;
    // A strategic patch decodes into the typed object, which keeps its kind;
    // the others decode the document, whose kind then is another type.
    if (strategic) {
      target[key] = current.value(key, json());
      continue;
    }
    const std::string api_version = target.value("apiVersion", json()).is_string()
                                        ? target["apiVersion"].get<std::string>()
                                        : "";
    const std::string kind =
        target.value("kind", json()).is_string() ? target["kind"].get<std::string>() : "";
    const std::string gv =
        api_version.find('/') == std::string::npos ? "/" + api_version : api_version;
    return invalid(
        base::StrCat("unable to decode ", gv, ", Kind=", kind, " into ", InternalType(info)));
  }
  if (auto mismatch = api::FindTypeMismatch(registry_, info, target)) return invalid(*mismatch);
  const json& meta = target.value("metadata", json::object());
  const std::string name = meta.is_object() ? meta.value("name", "") : "";
  if (name != call.info.name) {
    ReplyError(call, NameMismatch(name, call.info.name));
    return false;
  }
  const std::string ns = meta.is_object() ? meta.value("namespace", "") : "";
  if (info.namespaced && !ns.empty() && ns != call.info.namespace_) {
    ReplyError(call, NamespaceMismatch(ns, call.info.namespace_));
    return false;
  }
  return CheckPatchedFields(call, target, shown());
}

void Rest::Patch(Call& call) {
  std::string type = call.http.headers.Get("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type != "application/merge-patch+json" && type != "application/json-patch+json" &&
      type != "application/strategic-merge-patch+json") {
    return ReplyError(call,
                      am::UnsupportedMediaType(
                          type, {"application/json-patch+json", "application/merge-patch+json",
                                 "application/strategic-merge-patch+json"}));
  }
  json patch = json::parse(call.http.body, nullptr, false);
  if (patch.is_discarded()) {
    return ReplyError(call, am::BadRequest("error decoding patch: invalid JSON"));
  }
  const bool scale = call.info.subresource == "scale";
  // A patch that carries a resourceVersion is a precondition; otherwise it
  // applies to whatever is current, retried on a lost race.
  const bool precondition =
      patch.is_object() && patch.contains("/metadata/resourceVersion"_json_pointer);
  WriteUpdate(
      call,
      [&](const StoredObject& current, json* out) {
        json target = scale ? ToScale(call, current.object) : current.object;
        absl::Status s;
        if (type == "application/merge-patch+json") {
          s = am::ApplyMergePatch(target, patch);
        } else if (type == "application/json-patch+json") {
          s = am::ApplyJsonPatch(target, patch);
        } else {
          s = am::ApplyStrategicMergePatch(target, patch,
                                           [&](const std::vector<std::string>& path) {
                                             return PatchMetaFor(*call.rc->info, path);
                                           });
        }
        if (!s.ok()) {
          // A JSON patch that is a list of operations but cannot be applied
          // is upstream's generic 422 "rejected our request", which carries
          // no detail; a malformed patch is a 400.
          if (type == "application/json-patch+json" && patch.is_array()) {
            am::ApiError e;
            e.code = 422;
            e.reason = "Invalid";
            e.message = "the server rejected our request due to an error in our request";
            ReplyError(call, e);
          } else {
            ReplyError(call, am::BadRequest(base::ToStd(s.message())));
          }
          return false;
        }
        if (!target.is_object()) {
          ReplyError(call, am::BadRequest("patch result is not an object"));
          return false;
        }
        if (scale) {
          am::ApiError e;
          if (!ValidScaleReplicas(call.info.name,
                                  target.value("/spec/replicas"_json_pointer, json(0)), &e)) {
            ReplyError(call, e);
            return false;
          }
          json full = current.object;
          full["spec"]["replicas"] = target.value("/spec/replicas"_json_pointer, json(0));
          full["metadata"]["resourceVersion"] =
              target.value("/metadata/resourceVersion"_json_pointer, std::string());
          target = std::move(full);
        }
        if (!scale && !CheckPatchResult(call, type, patch, current.object, target)) return false;
        if (scale && !CheckTypes(call, target)) return false;
        *out = std::move(target);
        return true;
      },
      !precondition);
}

}  // namespace wisp::apiserver
