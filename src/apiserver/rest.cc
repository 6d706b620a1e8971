// File: src/apiserver/rest.cc
//
// Dispatch, object encoding and the checks every write shares. The verbs
// live in rest_read.cc, rest_write.cc and rest_delete.cc.
#include "apiserver/rest.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <set>

#include "absl/strings/str_join.h"
#include "apiserver/authn.h"
#include "apiserver/list_output.h"
#include "apiserver/rest_call.h"
#include "apiserver/service_allocator.h"
#include "wisp/api/field_validation.h"
#include "wisp/api/type_check.h"
#include "wisp/base/log.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/conversion.h"
#include "wisp/strategies/pod_ephemeral.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

std::string StrField(const json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t IntField(const json& obj, std::string_view key, int64_t fallback) {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

const json& ObjField(const json& obj, std::string_view key) {
  static const json empty = json::object();
  if (!obj.is_object()) return empty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? *it : empty;
}

const json& ArrField(const json& obj, std::string_view key) {
  static const json empty = json::array();
  if (!obj.is_object()) return empty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : empty;
}

namespace {

// Field labels whose upstream value is not the JSON at the same path: a
// renamed field, or a Go bool or integer that reads as its zero value when
// omitted (upstream formats the typed field).
struct FieldSource {
  const char* kind;
  const char* label;
  const char* path;
  const char* zero;
};
constexpr FieldSource kFieldSources[] = {
    {"Pod", "spec.host", "spec.nodeName", ""},
    {"Pod", "spec.hostNetwork", "spec.hostNetwork", "false"},
    {"Node", "spec.unschedulable", "spec.unschedulable", "false"},
    {"ReplicationController", "status.replicas", "status.replicas", "0"},
    {"ReplicaSet", "status.replicas", "status.replicas", "0"},
    {"Job", "status.successful", "status.succeeded", "0"},
};

std::string SelectableValue(const api::ResourceInfo& info, const json& obj,
                            const std::string& label) {
  for (const FieldSource& s : kFieldSources) {
    if (info.kind == s.kind && label == s.label) {
      return am::FieldValue(obj, s.path).value_or(s.zero);
    }
  }
  return am::FieldValue(obj, label).value_or("");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SelectableFields(const api::ResourceInfo& info,
                                                                  const json& obj) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("metadata.name", am::FieldValue(obj, "metadata.name").value_or(""));
  if (info.namespaced) {
    out.emplace_back("metadata.namespace", am::FieldValue(obj, "metadata.namespace").value_or(""));
  }
  for (const std::string& f : info.field_selectors) {
    std::string value = SelectableValue(info, obj, f);
    // An Event's "source" is its source component, else its reporting
    // controller (upstream's event ToSelectableFields).
    if (f == "source" && info.kind == "Event") {
      value = am::FieldValue(obj, "source.component").value_or("");
      if (value.empty()) value = am::FieldValue(obj, "reportingComponent").value_or("");
    }
    out.emplace_back(f, std::move(value));
  }
  return out;
}

absl::StatusOr<ObjectFilter> ObjectFilter::FromRequest(const net::HttpRequest& request,
                                                       const api::ResourceInfo& info,
                                                       const std::string& name,
                                                       am::ApiError* error) {
  ObjectFilter f;
  f.info_ = &info;
  if (auto ls = Query(request, "labelSelector"); ls && !ls->empty()) {
    auto parsed = am::LabelSelector::Parse(*ls);
    if (!parsed.ok()) {
      *error = am::BadRequest(base::ToStd(parsed.status().message()));
      return parsed.status();
    }
    f.label_ = *std::move(parsed);
  }
  std::string fs = Query(request, "fieldSelector").value_or("");
  // A named watch path: a field selector must ask for that very name
  // (upstream's ListResource).
  if (!name.empty() && !fs.empty()) {
    auto given = am::FieldSelector::Parse(fs);
    bool same = false;
    if (given.ok()) {
      for (const am::FieldRequirement& req : given->Requirements()) {
        same = same || (req.field == "metadata.name" && req.op != "!=" && req.value == name);
      }
    }
    if (given.ok() && !same) {  // (a malformed one is reported below)
      *error = am::BadRequest("fieldSelector metadata.name doesn't match requested name");
      return absl::InvalidArgumentError("field selector and name differ");
    }
  }
  if (!name.empty()) fs = fs.empty() ? "metadata.name=" + name : fs + ",metadata.name=" + name;
  if (!fs.empty()) {
    auto parsed = am::FieldSelector::Parse(fs);
    if (!parsed.ok()) {
      *error = am::BadRequest(base::ToStd(parsed.status().message()));
      return parsed.status();
    }
    for (const auto& req : parsed->Requirements()) {
      // Upstream's default conversion knows metadata.namespace for every
      // kind (cluster-scoped objects have none); kinds with their own field
      // labels know it only when namespaced.
      bool known =
          req.field == "metadata.name" ||
          (req.field == "metadata.namespace" && (info.namespaced || info.field_selectors.empty()));
      for (const auto& allowed : info.field_selectors) known = known || allowed == req.field;
      if (!known) {
        // Kinds with their own field labels answer as their conversion
        // functions do; the rest as upstream's default metadata conversion.
        *error = am::BadRequest(
            info.field_selectors.empty()
                ? base::StrCat("\"", req.field,
                               "\" is not a known field selector: only \"metadata.name\", "
                               "\"metadata.namespace\"")
                : base::StrCat("field label not supported: ", req.field));
        return absl::InvalidArgumentError("bad field selector");
      }
    }
    f.field_ = *std::move(parsed);
  }
  return f;
}

bool ObjectFilter::Matches(const CachedObject& obj) const {
  if (!label_.Empty() && !label_.Matches(obj.labels)) return false;
  if (!field_.Empty()) {
    return field_.Matches([&](std::string_view label) -> std::optional<std::string> {
      std::string_view field = info_ ? strategies::StorageFieldLabel(*info_, label) : label;
      for (const auto& [k, v] : obj.fields) {
        if (k == field) return v;
      }
      return std::nullopt;
    });
  }
  return true;
}

namespace {

// Remembers whether a response (or a stream) was started.
class TrackingResponder final : public net::Responder {
 public:
  TrackingResponder(std::unique_ptr<net::Responder> inner,
                    std::shared_ptr<std::atomic<bool>> answered)
      : inner_(std::move(inner)), answered_(std::move(answered)) {}
  void Respond(net::HttpResponse response) override {
    answered_->store(true);
    inner_->Respond(std::move(response));
  }
  std::shared_ptr<net::ResponseStream> StartStream() override {
    answered_->store(true);
    return inner_->StartStream();
  }
  void* TakeUpgradeSocket() override { return inner_->TakeUpgradeSocket(); }

 private:
  std::unique_ptr<net::Responder> inner_;
  std::shared_ptr<std::atomic<bool>> answered_;
};

}  // namespace

Rest::Rest(EtcdClient& etcd, WatchCacheSet& caches, const api::Registry& registry,
           const strategies::StrategyTable& strategies, ServiceAllocator* services)
    : etcd_(etcd),
      caches_(caches),
      registry_(registry),
      strategies_(strategies),
      services_(services),
      current_revision_([this]() -> absl::StatusOr<int64_t> {
        // Any key will do: the answer's header carries the revision.
        auto head = etcd_.Range("/registry/\x01", "", 0, 0);
        if (!head.ok()) return head.status();
        return head->revision;
      }) {}

// The cache holds objects as stored; their selectable fields are the
// storage version's (a client's labels are mapped by ObjectFilter).
FieldExtractor Rest::StoredFields(const api::ResourceInfo& info) const {
  std::string_view storage = strategies::StorageVersion(info);
  const api::ResourceInfo* stored = &info;
  for (const api::ResourceInfo& other : registry_.Resources()) {
    if (!storage.empty() && other.group == info.group && other.kind == info.kind &&
        other.ApiVersion() == storage) {
      stored = &other;
    }
  }
  if (storage.empty() || stored->ApiVersion() != storage) {
    return [stored](const json& obj) { return SelectableFields(*stored, obj); };
  }
  return [stored, storage](const json& obj) {
    if (obj.value("apiVersion", "") == storage) return SelectableFields(*stored, obj);
    json copy = obj;  // written before the storage version was fixed
    strategies::ConvertObject(copy, storage);
    return SelectableFields(*stored, copy);
  };
}

void Rest::ToServed(const ResourceContext& rc, json& obj) const {
  if (!rc.storage_version.empty()) strategies::ConvertObject(obj, rc.info->ApiVersion());
}

bool StoredInVersion(std::string_view stored_json, std::string_view api_version) {
  constexpr std::string_view kKey = "\"apiVersion\":\"";
  size_t at = stored_json.find(kKey);
  if (at == std::string_view::npos) return false;
  std::string_view rest = stored_json.substr(at + kKey.size());
  return rest.size() > api_version.size() && rest.substr(0, api_version.size()) == api_version &&
         rest[api_version.size()] == '"';
}

ObjectPtr Rest::Served(const ResourceContext& rc, ObjectPtr obj) const {
  if (rc.storage_version.empty() || !obj) return obj;
  const std::string want = rc.info->ApiVersion();
  if (StoredInVersion(obj->json, want)) return obj;
  json parsed = json::parse(obj->json, nullptr, false);
  if (!parsed.is_object() || parsed.value("apiVersion", "") == want) return obj;
  strategies::ConvertObject(parsed, want);
  auto copy = std::make_shared<CachedObject>(*obj);
  copy->json = parsed.dump();
  return copy;
}

void Rest::Served(const ResourceContext& rc, std::vector<ObjectPtr>& objs) const {
  if (rc.storage_version.empty()) return;
  for (ObjectPtr& o : objs) o = Served(rc, std::move(o));
}

void Rest::RegisterCaches() {
  contexts_.clear();
  contexts_.reserve(registry_.Resources().size());
  for (const api::ResourceInfo& info : registry_.Resources()) {
    ResourceContext rc;
    rc.info = &info;
    rc.strategy = &strategies_.For(info);
    rc.prefix = base::StrCat("/registry/", info.storage_resource, "/");
    rc.storage_version = strategies::StorageVersion(info);
    if (ResourceCache* existing = caches_.Find(rc.prefix)) {
      rc.cache = existing;  // another version of the same stored resource
    } else {
      rc.cache = &caches_.Register(rc.prefix, StoredFields(info));
    }
    contexts_.push_back(std::move(rc));
  }
}

void Rest::SetDeletionListener(std::function<void(int64_t)> listener) {
  deletion_listener_ = std::move(listener);
}

const ResourceContext* Rest::Context(std::string_view group, std::string_view resource) const {
  for (const ResourceContext& rc : contexts_) {
    if (rc.info->group == group && rc.info->plural == resource) return &rc;
  }
  return nullptr;
}

std::string Rest::Key(const ResourceContext& rc, const std::string& ns,
                      const std::string& name) const {
  return rc.info->namespaced ? base::StrCat(rc.prefix, ns, "/", name) : rc.prefix + name;
}

std::string Rest::ListPrefix(const ResourceContext& rc, const std::string& ns) const {
  return rc.info->namespaced && !ns.empty() ? base::StrCat(rc.prefix, ns, "/") : rc.prefix;
}

absl::StatusOr<StoredObject> Rest::Decode(const ResourceContext* rc, const KeyValue& kv) const {
  StoredObject out;
  out.object = json::parse(kv.value, nullptr, false);
  if (out.object.is_discarded() || !out.object.is_object()) {
    return absl::DataLossError(base::StrCat("stored object at ", kv.key, " is not JSON"));
  }
  if (rc) ToServed(*rc, out.object);
  out.object["metadata"]["resourceVersion"] = std::to_string(kv.mod_revision);
  out.mod_revision = kv.mod_revision;
  return out;
}

std::string Rest::Encode(const ResourceContext& rc, json obj) const {
  if (!rc.storage_version.empty()) strategies::ConvertObject(obj, rc.storage_version);
  if (obj.contains("metadata") && obj["metadata"].is_object()) {
    obj["metadata"].erase("resourceVersion");
    obj["metadata"].erase("selfLink");
  }
  return obj.dump();
}

void Rest::Serve(const RequestInfo& info, const UserInfo& user, net::HttpRequest request,
                 std::unique_ptr<net::Responder> responder) {
  Call call;
  call.info = info;
  call.user = user;
  call.http = std::move(request);
  call.responder = std::move(responder);
  const api::ResourceInfo* ri = registry_.Find(info.group, info.version, info.resource);
  if (!ri) {
    RespondError(*call.responder, am::NotFound("", "", ""));
    return;
  }
  for (const ResourceContext& rc : contexts_) {
    if (rc.info == ri) call.rc = &rc;
  }
  if (!call.rc) {
    RespondError(*call.responder, am::InternalError("resource not registered"));
    return;
  }
  if (!ri->namespaced && !info.namespace_.empty() && info.resource != "namespaces") {
    RespondError(*call.responder, am::NotFound("", "", ""));
    return;
  }
  const api::SubresourceInfo* sub = nullptr;
  if (!info.subresource.empty()) {
    sub = ri->Subresource(info.subresource);
    if (!sub) {
      RespondError(*call.responder, am::NotFound("", "", ""));
      return;
    }
  }
  // Only the verbs discovery lists are served ("bindings" take only create,
  // "pods/log" only get, ...).
  const std::vector<std::string>& verbs = sub ? sub->verbs : ri->verbs;
  if (std::find(verbs.begin(), verbs.end(), info.verb) == verbs.end()) {
    std::string what = base::StrCat(call.http.method, " ", ri->plural);
    for (char& c : what) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (sub) what = base::StrCat(what, " ", sub->name);
    RespondError(
        *call.responder,
        am::MethodNotAllowed(base::StrCat(
            "the server does not allow this method on the requested resource (", what, ")")));
    return;
  }
  // PUT and PATCH address one object; a collection has no such route.
  if ((info.verb == "update" || info.verb == "patch") && info.name.empty()) {
    RespondError(
        *call.responder,
        am::MethodNotAllowed("the server does not allow this method on the requested resource"));
    return;
  }
  call.accept = NegotiateAccept(call.http);
  if (!call.accept.ok) {
    ReplyError(call,
               am::NotAcceptable("only the following media types are accepted: application/json, "
                                 "application/yaml"));
    return;
  }
  if (call.http.headers.Get("Content-Type").value_or("").find("protobuf") == std::string::npos &&
      NestsDeeperThan(call.http.body, kMaxBodyNesting)) {
    return ReplyError(call, am::BadRequest(base::StrCat("the request body nests objects and arrays "
                                                        "more than ",
                                                        kMaxBodyNesting, " levels deep")));
  }
  if (auto dry = Query(call.http, "dryRun")) {
    if (*dry != "All") {
      // Upstream validates it as part of the verb's options.
      const std::string& verb = call.info.verb;
      const char* options = verb == "create"   ? "CreateOptions"
                            : verb == "update" ? "UpdateOptions"
                            : verb == "patch"  ? "PatchOptions"
                                               : "DeleteOptions";
      am::Cause cause{
          "FieldValueNotSupported",
          base::StrCat("Unsupported value: []string{\"", *dry, "\"}: supported values: \"All\""),
          "dryRun"};
      ReplyError(call, am::Invalid("meta.k8s.io", options, "", {cause}));
      return;
    }
    call.dry_run = true;
  }
  // A handler that throws (a body shaped in a way no check foresaw) answers
  // 400 instead of ending the process; nothing was written for it.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  call.responder = std::make_unique<TrackingResponder>(std::move(call.responder), answered);
  try {
    Dispatch(call);
  } catch (const std::exception& e) {
    base::LogWarn("apiserver", base::StrCat(info.verb, " ", info.resource, ": ", e.what()));
    if (!answered->load() && call.responder) {
      ReplyError(call,
                 am::BadRequest(base::StrCat("the request could not be handled: ", e.what())));
    }
  }
}

void Rest::Dispatch(Call& call) {
  const std::string& sub = call.info.subresource;
  if (sub == "log") return PodLog(call);
  if (sub == "exec" || sub == "attach" || sub == "portforward") return PodConnect(call);
  if (sub == "proxy") return Proxy(call);
  if (sub == "eviction") return Evict(call);
  if (sub == "token") return RequestToken(call);
  if (IsReview(call.rc->info->group, call.rc->info->plural)) return Review(call);
  if (call.rc->info->group.empty() && call.rc->info->plural == "componentstatuses") {
    return ComponentStatuses(call);
  }
  if (sub == "binding" || (call.rc->info->group.empty() && call.rc->info->plural == "bindings")) {
    return Bind(call);
  }
  const std::string& verb = call.info.verb;
  if (verb == "get") return Get(call);
  if (verb == "list") return List(call);
  if (verb == "watch") return Watch(call);
  if (verb == "create") return Create(call);
  if (verb == "update") return Update(call);
  if (verb == "patch") return Patch(call);
  if (verb == "delete") return Delete(call);
  if (verb == "deletecollection") return DeleteCollection(call);
  ReplyError(call, am::MethodNotAllowed(
                       base::StrCat("the server does not allow this method on the requested "
                                    "resource")));
}

namespace {

net::HttpResponse ObjectResponse(int status, const std::vector<std::string>& warnings) {
  net::HttpResponse resp;
  resp.status = status;
  resp.headers.Set("Content-Type", "application/json");
  resp.headers.Set("Cache-Control", "no-cache, private");
  for (const std::string& w : warnings) {
    resp.headers.Add("Warning", base::StrCat("299 - ", json(w).dump()));
  }
  return resp;
}

}  // namespace

void Rest::Reply(Call& call, int status, const json& obj) {
  net::HttpResponse resp = ObjectResponse(status, call.warnings);
  if (call.accept.form != ResponseForm::kObject && obj.is_object() &&
      obj.value("kind", "") != "Status" && !obj.contains("items")) {
    // A Scale prints as a Scale, whatever kind it scales.
    api::ResourceInfo scale;
    const bool is_scale = obj.value("kind", "") == "Scale";
    if (is_scale) {
      scale.group = "autoscaling";
      scale.version = "v1";
      scale.kind = "Scale";
      scale.plural = "scales";
    }
    resp.body = RenderObject(is_scale ? scale : *call.rc->info, call.accept.form,
                             Query(call.http, "includeObject").value_or("Metadata"), obj,
                             is_scale ? std::string_view() : call.rc->storage_version)
                    .dump();
  } else if (call.accept.yaml) {
    resp.headers.Set("Content-Type", "application/yaml");
    resp.body = JsonToYaml(obj);
  } else {
    resp.body = obj.dump();
  }
  call.responder->Respond(std::move(resp));
}

void Rest::ReplyText(Call& call, int status, std::string json_body) {
  net::HttpResponse resp = ObjectResponse(status, call.warnings);
  resp.body = std::move(json_body);
  call.responder->Respond(std::move(resp));
}

void Rest::ReplyError(Call& call, const am::ApiError& error) {
  RespondError(*call.responder, error, call.accept.yaml);
}

am::ApiError Rest::NotFound(const Call& call) const {
  return am::NotFound(call.rc->info->group, call.rc->info->plural, call.info.name);
}

am::ApiError Rest::ReadError(const Call& call, const absl::Status& status) const {
  return absl::IsNotFound(status) ? NotFound(call) : InternalToApiError(status);
}

absl::StatusOr<StoredObject> Rest::GetStored(const ResourceContext& rc, const std::string& ns,
                                             const std::string& name) {
  auto r = etcd_.Range(Key(rc, ns, name), "", 0, 0);
  if (!r.ok()) return r.status();
  if (r->kvs.empty()) return absl::NotFoundError(name);
  return Decode(&rc, r->kvs.front());
}

absl::StatusOr<StoredObject> Rest::ReadCurrent(Call& call) {
  return GetStored(*call.rc, call.info.namespace_, call.info.name);
}

bool Rest::CheckNamespace(Call& call, bool for_create) {
  if (!call.rc->info->namespaced) return true;
  const std::string& ns = call.info.namespace_;
  const ResourceContext* nsrc = Context("", "namespaces");
  if (!nsrc) return true;
  ObjectPtr cached = nsrc->cache->Get(Key(*nsrc, "", ns));
  json nsobj;
  if (cached) {
    nsobj = json::parse(cached->json, nullptr, false);
  } else {
    auto stored = GetStored(*nsrc, "", ns);
    if (!stored.ok()) {
      if (absl::IsNotFound(stored.status())) {
        ReplyError(call, am::NotFound("", "namespaces", ns));
      } else {
        ReplyError(call, InternalToApiError(stored.status()));
      }
      return false;
    }
    nsobj = std::move(stored->object);
  }
  if (for_create && nsobj.is_object() &&
      (nsobj.value("/status/phase"_json_pointer, std::string()) == "Terminating" ||
       nsobj.contains("/metadata/deletionTimestamp"_json_pointer))) {
    ReplyError(call, am::NamespaceTerminating(call.rc->info->group, call.rc->info->plural,
                                              call.info.name, ns));
    return false;
  }
  return true;
}

namespace {
// The fieldValidation query parameter; `error` set when it is not one.
std::string FieldValidationMode(const net::HttpRequest& http, std::optional<am::ApiError>& error) {
  std::string mode = Query(http, "fieldValidation").value_or("Warn");
  if (mode != "Strict" && mode != "Warn" && mode != "Ignore") {
    error = am::BadRequest(base::StrCat("fieldValidation parameter unsupported: \"", mode,
                                        "\", must be one of: Ignore, Warn, Strict"));
  }
  return mode;
}

std::vector<std::string> UnknownFieldMessages(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) out.push_back(base::StrCat("unknown field \"", p, "\""));
  return out;
}
}  // namespace

bool Rest::CheckFieldValidation(Call& call, json& obj) {
  std::optional<am::ApiError> bad;
  const std::string mode = FieldValidationMode(call.http, bad);
  if (bad) {
    ReplyError(call, *bad);
    return false;
  }
  const api::ResourceInfo& info = *call.rc->info;
  std::vector<std::string> pruned = api::PruneUnknownFields(registry_, info.schema, obj);
  if (mode == "Ignore") return true;
  std::string type = call.http.headers.Get("Content-Type").value_or("application/json");
  std::vector<std::string> problems;
  if (type.find("json") != std::string::npos) {
    // The text shows duplicates too, in document order.
    auto found = api::FindUnknownAndDuplicateFields(registry_, info, call.http.body);
    if (found.ok()) problems = *std::move(found);
  } else if (type.find("yaml") != std::string::npos) {
    problems = UnknownFieldMessages(pruned);
  }
  if (problems.empty()) return true;
  if (mode == "Strict") {
    // Upstream's transformDecodeError wording for a body it could not decode.
    std::string msg =
        base::StrCat(info.kind, " in version \"", info.version, "\" cannot be handled as a ",
                     info.kind, ": strict decoding error: ");
    for (size_t i = 0; i < problems.size(); ++i) {
      if (i) msg += ", ";
      msg += problems[i];
    }
    ReplyError(call, am::BadRequest(msg));
    return false;
  }
  for (const std::string& p : problems) call.warnings.push_back(p);
  return true;
}

bool Rest::CheckPatchedFields(Call& call, json& obj, const std::string& shown_patch) {
  std::optional<am::ApiError> bad;
  const std::string mode = FieldValidationMode(call.http, bad);
  if (bad) {
    ReplyError(call, *bad);
    return false;
  }
  std::vector<std::string> pruned =
      UnknownFieldMessages(api::PruneUnknownFields(registry_, call.rc->info->schema, obj));
  if (mode == "Ignore" || pruned.empty()) return true;
  if (mode == "Warn") {
    for (const std::string& p : pruned) call.warnings.push_back(p);
    return true;
  }
  std::string detail = "strict decoding error: ";
  for (size_t i = 0; i < pruned.size(); ++i) detail += (i ? ", " : "") + pruned[i];
  ReplyError(call, am::Invalid("", "", "", {am::FieldInvalid("patch", shown_patch, detail)}));
  return false;
}

bool Rest::CheckTypes(Call& call, const json& obj) {
  const api::ResourceInfo& info = *call.rc->info;
  auto mismatch = api::FindTypeMismatch(registry_, info, obj);
  if (!mismatch) return true;
  ReplyError(
      call, am::BadRequest(base::StrCat(info.kind, " in version \"", info.version,
                                        "\" cannot be handled as a ", info.kind, ": ", *mismatch)));
  return false;
}

bool Rest::Admit(Call& call, json& obj, const json* old, bool status_only) {
  const strategies::Strategy& s = *call.rc->strategy;
  // Upstream keeps the first owner reference of each uid and warns.
  if (obj.contains("/metadata/ownerReferences"_json_pointer) &&
      obj["metadata"]["ownerReferences"].is_array()) {
    json& refs = obj["metadata"]["ownerReferences"];
    json kept = json::array();
    std::set<std::string> seen;
    std::vector<std::string> duplicates;
    for (const json& ref : refs) {
      const std::string uid = StrField(ref, "uid");
      if (!uid.empty() && !seen.insert(uid).second) {
        duplicates.push_back(uid);
        continue;
      }
      kept.push_back(ref);
    }
    if (!duplicates.empty()) {
      refs = std::move(kept);
      call.warnings.push_back(base::StrCat(
          ".metadata.ownerReferences contains duplicate entries; API server dedups owner "
          "references in 1.20+, and may reject such requests as early as 1.24; please fix your "
          "requests; duplicate UID(s) observed: [",
          absl::StrJoin(duplicates, " "), "]"));
    }
  }
  s.Default(obj);
  if (old == nullptr) {
    s.PrepareForCreate(obj);
  } else if (status_only) {
    s.PrepareForStatusUpdate(obj, *old);
  } else {
    s.PrepareForUpdate(obj, *old);
  }
  std::vector<am::Cause> causes = old == nullptr ? s.ValidateCreate(obj)
                                  : status_only  ? s.ValidateStatusUpdate(obj, *old)
                                                 : s.ValidateUpdate(obj, *old);
  if (!causes.empty()) {
    std::string name = obj.value("/metadata/name"_json_pointer, std::string());
    ReplyError(call,
               am::Invalid(call.rc->info->group, call.rc->info->kind, name, std::move(causes)));
    return false;
  }
  if (!status_only) {
    for (std::string& w : s.Warnings(obj, old)) call.warnings.push_back(std::move(w));
  }
  return true;
}

bool Rest::AdmitEphemeralContainers(Call& call, json& obj, const json& old) {
  call.rc->strategy->Default(obj);
  strategies::PrepareEphemeralContainersUpdate(obj, old);
  std::vector<am::Cause> causes = strategies::ValidateEphemeralContainersUpdate(obj, old);
  if (causes.empty()) return true;
  ReplyError(call, am::Invalid(call.rc->info->group, call.rc->info->kind,
                               obj.value("/metadata/name"_json_pointer, std::string()),
                               std::move(causes)));
  return false;
}

json Rest::ToScale(const Call& call, const json& obj) const {
  json scale = {{"kind", "Scale"}, {"apiVersion", "autoscaling/v1"}};
  const json& meta = obj["metadata"];
  json m = json::object();
  for (const char* k : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    if (meta.contains(k)) m[k] = meta[k];
  }
  scale["metadata"] = m;
  // ScaleSpec.replicas is omitempty: zero replicas is an empty spec.
  const int64_t replicas = obj.value("/spec/replicas"_json_pointer, int64_t{0});
  scale["spec"] = replicas == 0 ? json::object() : json{{"replicas", replicas}};
  json status = {{"replicas", obj.value("/status/replicas"_json_pointer, 0)}};
  if (obj.contains("/spec/selector"_json_pointer)) {
    // A ReplicationController's selector is a plain label map.
    const json& spec_selector = obj["spec"]["selector"];
    auto sel = am::LabelSelector::FromJson(call.rc->info->kind == "ReplicationController"
                                               ? json{{"matchLabels", spec_selector}}
                                               : spec_selector);
    if (sel.ok()) status["selector"] = sel->String();
  }
  scale["status"] = status;
  return scale;
}

am::PatchMeta Rest::PatchMetaFor(const api::ResourceInfo& info,
                                 const std::vector<std::string>& path) const {
  // Walks the kind's schema along the field path (list indices skipped) and
  // returns the last field's patchStrategy / patchMergeKey.
  am::PatchMeta meta;
  const api::TypeSchema* type = registry_.Schema(info.schema);
  for (size_t i = 0; type && i < path.size(); ++i) {
    const std::string& segment = path[i];
    if (segment.empty() || std::isdigit(static_cast<unsigned char>(segment[0]))) continue;
    const api::FieldSchema* field = type->Field(segment);
    if (!field) return meta;
    if (i + 1 == path.size()) {
      meta.strategy = field->patch_strategy;
      meta.merge_key = field->patch_merge_key;
      return meta;
    }
    type = field->type == api::ValueType::kObject ? registry_.Schema(field->ref) : nullptr;
  }
  return meta;
}

}  // namespace wisp::apiserver
