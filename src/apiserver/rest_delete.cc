// File: src/apiserver/rest_delete.cc
//
// DELETE and DELETECOLLECTION with upstream's graceful deletion:
//
//   DELETE ─► preconditions (uid, resourceVersion) ─► grace = options or the
//   strategy's default ─┬─ no finalizers and grace 0 ─► etcd delete
//                       └─ otherwise ─► set deletionTimestamp (+grace) and
//                          deletionGracePeriodSeconds; the object stays until
//                          its finalizers are removed (then an update deletes
//                          it) or a later DELETE with grace 0.
//
// What a deletion does to the object is PlanDeletion's decision
// (deletion.h); the propagation policy becomes the garbage collector's
// "orphan" or "foregroundDeletion" finalizer, which garbage_collector.h acts
// on.
#include "absl/strings/match.h"
#include "apiserver/deletion.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "apiserver/service_allocator.h"
#include "wisp/api/type_check.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

// propagationPolicy and the deprecated orphanDependents, validated as
// upstream's ValidateDeleteOptions does.
bool SetPropagation(std::optional<std::string> policy, std::optional<bool> orphan,
                    DeleteOptions* out, am::ApiError* error) {
  std::vector<am::Cause> causes;
  if (policy && orphan) {
    causes.push_back(
        am::FieldInvalid("propagationPolicy", *policy,
                         "orphanDependents and deletionPropagation cannot be both set"));
  }
  if (policy && *policy != kPropagationOrphan && *policy != kPropagationBackground &&
      *policy != kPropagationForeground) {
    causes.push_back(am::FieldNotSupported("propagationPolicy", *policy,
                                           {"Foreground", "Background", "Orphan", "nil"}));
  }
  if (!causes.empty()) {
    *error = am::Invalid("meta.k8s.io", "DeleteOptions", "", std::move(causes));
    return false;
  }
  if (policy) out->propagation = *policy;
  if (orphan) {
    out->propagation = *orphan ? kPropagationOrphan : kPropagationBackground;
    out->cascade_requested = !*orphan;
  }
  return true;
}

bool ParseDeleteOptions(const api::Registry& registry, const net::HttpRequest& http,
                        DeleteOptions* out, am::ApiError* error) {
  if (!http.body.empty()) {
    json body = json::parse(http.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      *error = am::BadRequest("the body of the request was in an unknown format: invalid JSON");
      return false;
    }
    if (!ReadDeleteOptions(registry, body, out, error)) return false;
  }
  auto grace = QueryInt(http, "gracePeriodSeconds");
  if (!grace.ok()) {
    *error = am::BadRequest(base::ToStd(grace.status().message()));
    return false;
  }
  if (*grace) out->grace_period = **grace;
  // Upstream reads the options from the body when there is one, else from
  // the query.
  if (http.body.empty()) {
    std::optional<bool> orphan;
    if (auto o = Query(http, "orphanDependents")) {
      // Upstream's query conversion: "0" and "false" (any case) are false,
      // anything else true.
      orphan = !(*o == "0" || absl::EqualsIgnoreCase(*o, "false"));
    }
    if (!SetPropagation(Query(http, "propagationPolicy"), orphan, out, error)) return false;
  }
  if (out->grace_period && *out->grace_period < 0) out->grace_period = 0;
  return true;
}

json SuccessStatus(const api::ResourceInfo& info, const json& obj) {
  json details = {{"name", obj.value("/metadata/name"_json_pointer, std::string())},
                  {"kind", info.plural}};
  if (!info.group.empty()) details["group"] = info.group;
  std::string uid = obj.value("/metadata/uid"_json_pointer, std::string());
  if (!uid.empty()) details["uid"] = uid;
  return {{"kind", "Status"},
          {"apiVersion", "v1"},
          {"metadata", json::object()},
          {"status", "Success"},
          {"details", details}};
}

}  // namespace

bool ReadDeleteOptions(const api::Registry& registry, const json& body, DeleteOptions* out,
                       am::ApiError* error) {
  if (auto mismatch = api::FindTypeMismatchOf(
          registry, "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "DeleteOptions", body)) {
    *error = am::BadRequest(base::StrCat(
        "DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: ", *mismatch));
    return false;
  }
  if (auto it = body.find("gracePeriodSeconds"); it != body.end() && it->is_number_integer()) {
    out->grace_period = it->get<int64_t>();
  }
  std::optional<std::string> policy;
  std::optional<bool> orphan;
  if (auto it = body.find("propagationPolicy"); it != body.end() && it->is_string()) {
    policy = it->get<std::string>();
  }
  if (auto it = body.find("orphanDependents"); it != body.end() && it->is_boolean()) {
    orphan = it->get<bool>();
  }
  if (!SetPropagation(policy, orphan, out, error)) return false;
  if (auto it = body.find("preconditions"); it != body.end() && it->is_object()) {
    out->precondition_uid = it->value("uid", "");
    out->precondition_rv = it->value("resourceVersion", "");
  }
  if (auto it = body.find("dryRun"); it != body.end() && it->is_array()) {
    for (const auto& v : *it) {
      if (v != "All") {
        *error = am::BadRequest("Invalid dryRun value: supported values are [All]");
        return false;
      }
      out->dry_run = true;
    }
  }
  if (out->grace_period && *out->grace_period < 0) out->grace_period = 0;
  return true;
}

void Rest::Delete(Call& call) {
  if (!call.info.subresource.empty()) {
    return ReplyError(call, am::MethodNotAllowed(
                                "the server does not allow this method on the requested resource"));
  }
  am::ApiError error;
  DeleteOptions options;
  if (!ParseDeleteOptions(registry_, call.http, &options, &error)) return ReplyError(call, error);
  if (IsImmortalNamespace(*call.rc->info, call.info.name)) {
    return ReplyError(
        call, am::Forbidden("", "namespaces", call.info.name, "this namespace may not be deleted"));
  }
  if (call.rc->info->group == "scheduling.k8s.io" && call.rc->info->plural == "priorityclasses" &&
      (call.info.name == "system-node-critical" || call.info.name == "system-cluster-critical")) {
    return ReplyError(call, am::Forbidden("scheduling.k8s.io", "priorityclasses", call.info.name,
                                          "this is a system priority class and cannot be deleted"));
  }
  int status = 200;
  json answer;
  if (DeleteNamed(call, options, &status, &answer)) Reply(call, status, answer);
}

bool Rest::DeleteNamed(Call& call, const DeleteOptions& options, int* status, json* answer,
                       bool* stale) {
  const bool dry_run = call.dry_run || options.dry_run;
  auto reply = [&](json obj) {
    *status = 200;
    *answer = std::move(obj);
    return true;
  };
  auto fail = [&](const am::ApiError& e) {
    ReplyError(call, e);
    return false;
  };
  const std::string key = Key(*call.rc, call.info.namespace_, call.info.name);
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto current = ReadCurrent(call);
    if (!current.ok()) {
      if (absl::IsNotFound(current.status())) return fail(NotFound(call));
      return fail(InternalToApiError(current.status()));
    }
    const json& obj = current->object;
    std::string uid = obj.value("/metadata/uid"_json_pointer, std::string());
    if (!options.precondition_uid.empty() && options.precondition_uid != uid) {
      // upstream's BeforeDelete names the kind, not the resource.
      return fail(
          am::Conflict(call.rc->info->group, call.rc->info->kind, call.info.name,
                       base::StrCat("the UID in the precondition (", options.precondition_uid,
                                    ") does not match the UID in record (", uid,
                                    "). The object might have been deleted and then recreated")));
    }
    if (!options.precondition_rv.empty() &&
        options.precondition_rv != std::to_string(current->mod_revision)) {
      if (stale) {
        *stale = true;
        return false;
      }
      return fail(am::Conflict(
          call.rc->info->group, call.rc->info->kind, call.info.name,
          base::StrCat("the ResourceVersion in the precondition (", options.precondition_rv,
                       ") does not match the ResourceVersion in record (", current->mod_revision,
                       "). The object might have been modified")));
    }
    // Upstream's one case of 202: the object stays and the client asked
    // for its dependents to go (orphanDependents=false).
    auto stays = [&](json out) {
      reply(std::move(out));
      if (options.cascade_requested) *status = 202;
      return true;
    };
    DeletionPlan plan = PlanDeletion(*call.rc, obj, options, std::chrono::system_clock::now());
    if (plan.step == DeletionStep::kUnchanged) return stays(obj);  // already deleting
    if (plan.step == DeletionStep::kMark) {
      if (dry_run) return stays(std::move(plan.object));
      auto lease = LeaseFor(*call.rc);
      if (!lease.ok()) return fail(InternalToApiError(lease.status()));
      auto r =
          etcd_.CompareAndPut(key, Encode(*call.rc, plan.object), current->mod_revision, *lease);
      if (!r.ok()) return fail(InternalToApiError(r.status()));
      if (!r->succeeded) continue;
      NotifyDeleted(r->revision);
      plan.object["metadata"]["resourceVersion"] = std::to_string(r->revision);
      return stays(std::move(plan.object));
    }
    if (dry_run) return reply(SuccessStatus(*call.rc->info, obj));
    auto r = etcd_.CompareAndDelete(key, current->mod_revision);
    if (!r.ok()) return fail(InternalToApiError(r.status()));
    if (!r->succeeded) continue;
    NotifyDeleted(r->revision);
    if (services_ && call.rc->info->group.empty() && call.rc->info->plural == "services") {
      services_->Release(obj);
    }
    if (call.rc->info->group.empty() && call.rc->info->plural == "pods") {
      json out = obj;
      out["metadata"]["resourceVersion"] = std::to_string(r->revision);
      return reply(out);
    }
    return reply(SuccessStatus(*call.rc->info, obj));
  }
  return fail(am::ConflictModified(call.rc->info->group, call.rc->info->plural, call.info.name));
}

void Rest::DeleteCollection(Call& call) {
  am::ApiError error;
  auto filter = ObjectFilter::FromRequest(call.http, *call.rc->info, "", &error);
  if (!filter.ok()) return ReplyError(call, error);
  DeleteOptions options;
  if (!ParseDeleteOptions(registry_, call.http, &options, &error)) return ReplyError(call, error);
  const std::string prefix = ListPrefix(*call.rc, call.info.namespace_);
  auto r = etcd_.Range(prefix, PrefixEnd(prefix), 0, 0);
  if (!r.ok()) return ReplyError(call, InternalToApiError(r.status()));
  json items = json::array();
  for (const KeyValue& listed : r->kvs) {
    KeyValue kv = listed;
    // Each one as the single-object path would (graceful rules apply); a
    // lost race reads it again.
    for (int attempt = 0; attempt < 16; ++attempt) {
      auto obj = call.rc->cache->Decode(kv.key, kv.value, kv.mod_revision);
      if (!obj.ok() || !filter->Matches(**obj)) break;
      json parsed = json::parse((*obj)->json, nullptr, false);
      ToServed(*call.rc, parsed);
      if (call.dry_run || options.dry_run) {
        items.push_back(std::move(parsed));
        break;
      }
      DeletionPlan plan = PlanDeletion(*call.rc, parsed, options, std::chrono::system_clock::now());
      absl::StatusOr<TxnResult> w = TxnResult{true, kv.mod_revision};
      if (plan.step == DeletionStep::kMark) {
        auto lease = LeaseFor(*call.rc);
        if (!lease.ok()) return ReplyError(call, InternalToApiError(lease.status()));
        w = etcd_.CompareAndPut(kv.key, Encode(*call.rc, plan.object), kv.mod_revision, *lease);
        parsed = std::move(plan.object);
      } else if (plan.step == DeletionStep::kDeleteNow) {
        w = etcd_.CompareAndDelete(kv.key, kv.mod_revision);
      }
      if (!w.ok()) return ReplyError(call, InternalToApiError(w.status()));
      if (w->succeeded) {
        if (plan.step != DeletionStep::kUnchanged) NotifyDeleted(w->revision);
        if (plan.step == DeletionStep::kDeleteNow && services_ && call.rc->info->group.empty() &&
            call.rc->info->plural == "services") {
          services_->Release(parsed);
        }
        items.push_back(std::move(parsed));
        break;
      }
      auto again = etcd_.Range(kv.key, "", 0, 0);
      if (!again.ok()) return ReplyError(call, InternalToApiError(again.status()));
      if (again->kvs.empty()) break;  // deleted meanwhile
      kv = again->kvs.front();
    }
  }
  json list = {{"kind", call.rc->info->list_kind},
               {"apiVersion", call.rc->info->ApiVersion()},
               {"metadata", {{"resourceVersion", std::to_string(r->revision)}}},
               {"items", items}};
  Reply(call, 200, list);
}

absl::Status Rest::DeleteInternal(const ResourceContext& rc, const std::string& ns,
                                  const std::string& name, int64_t mod_revision) {
  auto current = GetStored(rc, ns, name);
  if (!current.ok()) return current.status();
  if (mod_revision != 0 && current->mod_revision != mod_revision) {
    return absl::AbortedError("changed");
  }
  auto r = etcd_.CompareAndDelete(Key(rc, ns, name), current->mod_revision);
  if (!r.ok()) return r.status();
  if (!r->succeeded) return absl::AbortedError("changed");
  NotifyDeleted(r->revision);
  if (services_ && rc.info->group.empty() && rc.info->plural == "services") {
    services_->Release(current->object);
  }
  return absl::OkStatus();
}

}  // namespace wisp::apiserver
