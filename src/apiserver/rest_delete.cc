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
// propagationPolicy is accepted (Orphan, Background, Foreground); without a
// garbage collector yet, dependents are left alone (Background semantics).
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "apiserver/service_allocator.h"
#include "wisp/api/type_check.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

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
  if (auto p = Query(http, "propagationPolicy")) {
    if (*p != "Orphan" && *p != "Background" && *p != "Foreground") {
      *error = am::Invalid("", "DeleteOptions", "",
                           {am::FieldNotSupported("propagationPolicy", *p,
                                                  {"Foreground", "Background", "Orphan", "nil"})});
      return false;
    }
  }
  if (out->grace_period && *out->grace_period < 0) out->grace_period = 0;
  return true;
}

// Namespace lifecycle admission: the cluster's own namespaces stay.
bool IsImmortalNamespace(const api::ResourceInfo& info, std::string_view name) {
  return info.group.empty() && info.plural == "namespaces" &&
         (name == "default" || name == "kube-system" || name == "kube-public");
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
  if (auto it = body.find("propagationPolicy"); it != body.end() && it->is_string()) {
    std::string p = it->get<std::string>();
    if (p != "Orphan" && p != "Background" && p != "Foreground") {
      *error = am::Invalid("", "DeleteOptions", "",
                           {am::FieldNotSupported("propagationPolicy", p,
                                                  {"Foreground", "Background", "Orphan", "nil"})});
      return false;
    }
  }
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
      return fail(am::Conflict(
          call.rc->info->group, call.rc->info->plural, call.info.name,
          base::StrCat("Precondition failed: UID in precondition: ", options.precondition_uid,
                       ", UID in object meta: ", uid)));
    }
    if (!options.precondition_rv.empty() &&
        options.precondition_rv != std::to_string(current->mod_revision)) {
      if (stale) {
        *stale = true;
        return false;
      }
      return fail(am::Conflict(
          call.rc->info->group, call.rc->info->plural, call.info.name,
          base::StrCat(
              "Precondition failed: ResourceVersion in precondition: ", options.precondition_rv,
              ", ResourceVersion in object meta: ", current->mod_revision)));
    }
    int64_t grace = call.rc->strategy->GracePeriodSeconds(obj, options.grace_period);
    bool has_finalizers =
        obj.contains("/metadata/finalizers"_json_pointer) && !obj["metadata"]["finalizers"].empty();
    bool is_namespace = call.rc->info->group.empty() && call.rc->info->plural == "namespaces";
    if (is_namespace) {
      has_finalizers = has_finalizers || (obj.contains("/spec/finalizers"_json_pointer) &&
                                          !obj["spec"]["finalizers"].empty());
    }
    if (has_finalizers || grace > 0) {
      json next = obj;
      bool already = obj.contains("/metadata/deletionTimestamp"_json_pointer);
      int64_t old_grace =
          obj.value("/metadata/deletionGracePeriodSeconds"_json_pointer, int64_t{0});
      if (already && (!has_finalizers && grace == 0)) {
        // fall through to the delete below
      } else {
        if (already && (grace >= old_grace || has_finalizers)) {
          return reply(obj);  // nothing shortens: already deleting
        }
        next["metadata"]["deletionTimestamp"] =
            Rfc3339(std::chrono::system_clock::now() + std::chrono::seconds(grace));
        next["metadata"]["deletionGracePeriodSeconds"] = grace;
        if (is_namespace) next["status"]["phase"] = "Terminating";
        if (dry_run) return reply(next);
        auto r = etcd_.CompareAndPut(key, Encode(*call.rc, next), current->mod_revision);
        if (!r.ok()) return fail(InternalToApiError(r.status()));
        if (!r->succeeded) continue;
        next["metadata"]["resourceVersion"] = std::to_string(r->revision);
        return reply(next);
      }
    }
    if (dry_run) return reply(SuccessStatus(*call.rc->info, obj));
    auto r = etcd_.CompareAndDelete(key, current->mod_revision);
    if (!r.ok()) return fail(InternalToApiError(r.status()));
    if (!r->succeeded) continue;
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
  for (const KeyValue& kv : r->kvs) {
    auto obj = call.rc->cache->Decode(kv.key, kv.value, kv.mod_revision);
    if (!obj.ok() || !filter->Matches(**obj)) continue;
    // Delete each one through the single-object path (graceful rules apply).
    json parsed = json::parse((*obj)->json, nullptr, false);
    ToServed(*call.rc, parsed);
    if (call.dry_run || options.dry_run) {
      items.push_back(parsed);
      continue;
    }
    int64_t grace = call.rc->strategy->GracePeriodSeconds(parsed, options.grace_period);
    bool finalizers = parsed.contains("/metadata/finalizers"_json_pointer) &&
                      !parsed["metadata"]["finalizers"].empty();
    if (grace > 0 || finalizers) {
      if (!parsed.contains("/metadata/deletionTimestamp"_json_pointer)) {
        parsed["metadata"]["deletionTimestamp"] =
            Rfc3339(std::chrono::system_clock::now() + std::chrono::seconds(grace));
        parsed["metadata"]["deletionGracePeriodSeconds"] = grace;
        auto w = etcd_.CompareAndPut(kv.key, Encode(*call.rc, parsed), kv.mod_revision);
        if (!w.ok()) return ReplyError(call, InternalToApiError(w.status()));
      }
    } else {
      auto w = etcd_.CompareAndDelete(kv.key, kv.mod_revision);
      if (!w.ok()) return ReplyError(call, InternalToApiError(w.status()));
      if (w->succeeded && services_ && call.rc->info->group.empty() &&
          call.rc->info->plural == "services") {
        services_->Release(parsed);
      }
    }
    items.push_back(std::move(parsed));
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
  if (services_ && rc.info->group.empty() && rc.info->plural == "services") {
    services_->Release(current->object);
  }
  return absl::OkStatus();
}

}  // namespace wisp::apiserver
