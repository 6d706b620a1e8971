// File: src/apiserver/rest_admission.cc
//
// The mutating admission upstream runs in plugins, for what needs other
// objects than the one written (stateless rules live in the strategies):
//   - CSRs record their requestor (the caller, whatever the body says);
//   - ServiceAccount: a pod runs as an existing service account ("default"
//     unless named) and, unless automounting is off, gets the projected
//     kube-api-access volume (token, ca.crt, namespace) in every container;
//   - Priority: priorityClassName resolves to spec.priority and
//     preemptionPolicy (a globalDefault class applies to pods naming none);
//   - LimitRanger: containers without requests or limits get the defaults
//     of the namespace's LimitRanges (type Container), noted in the
//     kubernetes.io/limit-ranger annotation; after validation, pods (on
//     create) and claims are checked against their min, max and
//     maxLimitRequestRatio (limit_ranges.h);
//   - Priority (classes): only one PriorityClass may be the globalDefault;
//   - RuntimeClass: a pod's class must exist and brings its overhead and
//     scheduling constraints;
//   - DefaultStorageClass / DefaultIngressClass: claims and ingresses naming
//     no class get the default one.
#include <algorithm>
#include <optional>

#include "absl/strings/escaping.h"
#include "apiserver/limit_ranges.h"
#include "apiserver/response.h"
#include "apiserver/rest.h"
#include "apiserver/rest_call.h"
#include "wisp/apimachinery/quantity.h"
#include "wisp/base/strings.h"
#include "wisp/strategies/pod_admission.h"
#include "wisp/tls/csr.h"

namespace wisp::apiserver {
namespace am = apimachinery;
using nlohmann::json;

namespace {

constexpr char kTokenMountPath[] = "/var/run/secrets/kubernetes.io/serviceaccount";
constexpr char kVolumePrefix[] = "kube-api-access-";

json TokenVolume(const std::string& name) {
  return {
      {"name", name},
      {"projected",
       {{"defaultMode", 420},
        {"sources",
         {{{"serviceAccountToken", {{"expirationSeconds", 3607}, {"path", "token"}}}},
          {{"configMap",
            {{"name", "kube-root-ca.crt"}, {"items", {{{"key", "ca.crt"}, {"path", "ca.crt"}}}}}}},
          {{"downwardAPI",
            {{"items",
              {{{"path", "namespace"},
                {"fieldRef",
                 {{"apiVersion", "v1"}, {"fieldPath", "metadata.namespace"}}}}}}}}}}}}}};
}

// upstream mountServiceAccountToken: every container without something at
// the token path mounts the (existing or new) kube-api-access volume.
void MountServiceAccountToken(json& spec) {
  std::string volume;
  json& volumes = spec["volumes"];
  if (!volumes.is_array()) volumes = json::array();
  for (const json& v : volumes) {
    if (StrField(v, "name").rfind(kVolumePrefix, 0) == 0) {
      volume = StrField(v, "name");
      break;
    }
  }
  const bool has_volume = !volume.empty();
  if (!has_volume) volume = kVolumePrefix + RandomNameSuffix();  // as generateName
  bool needed = false;
  for (const char* list : {"initContainers", "containers"}) {
    auto it = spec.find(list);
    if (it == spec.end() || !it->is_array()) continue;
    for (json& c : *it) {
      if (!c.is_object()) continue;
      json& mounts = c["volumeMounts"];
      if (!mounts.is_array()) mounts = json::array();
      bool taken = false;
      for (const json& m : mounts) taken = taken || StrField(m, "mountPath") == kTokenMountPath;
      if (taken) continue;
      mounts.push_back({{"name", volume}, {"readOnly", true}, {"mountPath", kTokenMountPath}});
      needed = true;
    }
  }
  if (!has_volume && needed) volumes.push_back(TokenVolume(volume));
  if (volumes.empty()) spec.erase("volumes");
}

// upstream GetDefaultClass: of the classes annotated as the default (any
// of `keys` = "true"), the newest, then the first by name.
std::string DefaultClassName(const ResourceContext* classes,
                             std::initializer_list<const char*> keys) {
  if (classes == nullptr) return "";
  std::string best_name;
  std::string best_time;
  for (const ObjectPtr& o : classes->cache->List(classes->prefix).objects) {
    json c = json::parse(o->json, nullptr, false);
    const json& meta = ObjField(c, "metadata");
    const json& annotations = ObjField(meta, "annotations");
    bool is_default = false;
    for (const char* key : keys) is_default = is_default || StrField(annotations, key) == "true";
    if (!is_default || meta.contains("deletionTimestamp")) continue;
    const std::string name = StrField(meta, "name");
    const std::string created = StrField(meta, "creationTimestamp");
    if (best_name.empty() || created > best_time || (created == best_time && name < best_name)) {
      best_name = name;
      best_time = created;
    }
  }
  return best_name;
}

struct Toleration {
  std::string key, op, value, effect;
  std::optional<int64_t> seconds;
  bool operator==(const Toleration&) const = default;
};

Toleration ToToleration(const json& t) {
  Toleration out{StrField(t, "key"), StrField(t, "operator"), StrField(t, "value"),
                 StrField(t, "effect"), std::nullopt};
  if (t.is_object() && t.contains("tolerationSeconds") && t["tolerationSeconds"].is_number()) {
    out.seconds = t["tolerationSeconds"].get<int64_t>();
  }
  return out;
}

// Upstream's isSuperset: whether `ss` tolerates everything `t` does.
bool IsSuperset(const Toleration& ss, const Toleration& t) {
  if (ss == t) return true;
  if (t.key != ss.key && (!ss.key.empty() || ss.op != "Exists")) return false;
  if (t.effect != ss.effect && !ss.effect.empty()) return false;
  if (ss.effect == "NoExecute" && ss.seconds && (!t.seconds || *t.seconds > *ss.seconds)) {
    return false;
  }
  if (ss.op == "Equal" || ss.op.empty()) return t.op == "Equal" && t.value == ss.value;
  return ss.op == "Exists";
}

// Upstream's MergeTolerations: the pod's tolerations then `extra`, leaving
// out any that another one (kept, or later and different) already covers.
void MergeTolerations(json& spec, const json& extra) {
  if (!extra.is_array() || extra.empty()) return;
  json all = spec.contains("tolerations") && spec["tolerations"].is_array() ? spec["tolerations"]
                                                                            : json::array();
  for (const json& t : extra) all.push_back(t);
  std::vector<Toleration> parsed;
  for (const json& t : all) parsed.push_back(ToToleration(t));
  json merged = json::array();
  std::vector<Toleration> kept;
  for (size_t i = 0; i < parsed.size(); ++i) {
    bool redundant = false;
    for (const Toleration& k : kept) redundant = redundant || IsSuperset(k, parsed[i]);
    for (size_t j = i + 1; j < parsed.size() && !redundant; ++j) {
      redundant = !(parsed[j] == parsed[i]) && IsSuperset(parsed[j], parsed[i]);
    }
    if (redundant) continue;
    kept.push_back(parsed[i]);
    merged.push_back(all[i]);
  }
  spec["tolerations"] = std::move(merged);
}

}  // namespace

// upstream's RuntimeClass admission: the named class must exist; its
// overhead becomes the pod's (a different one is refused, as is an overhead
// without a class defining one) and its scheduling rules are merged into the
// pod's node selector and tolerations.
bool Rest::AdmitRuntimeClass(Call& call, json& pod) {
  json& spec = pod["spec"];
  const std::string name = StrField(spec, "runtimeClassName");
  bool has_overhead = spec.contains("overhead") && !spec["overhead"].is_null();
  // Upstream decodes "overhead": {} to a non-nil map and refuses it as any
  // other overhead; the decoding here has pruned the empty map, so look at
  // what a JSON create sent.
  if (!has_overhead && call.info.verb == "create" &&
      call.http.body.find("\"overhead\"") != std::string::npos) {
    const json sent = json::parse(call.http.body, nullptr, false);
    const json& sent_spec = ObjField(sent, "spec");
    auto it = sent_spec.find("overhead");
    if (it != sent_spec.end() && it->is_object()) {
      has_overhead = true;
      spec["overhead"] = *it;
    }
  }
  auto forbid = [&](const std::string& why) {
    ReplyError(call, am::Forbidden("", "pods", call.info.name, why));
    return false;
  };
  json rc;
  if (!name.empty()) {
    const ResourceContext* classes = Context("node.k8s.io", "runtimeclasses");
    if (classes == nullptr) return true;
    auto stored = GetStored(*classes, "", name);
    if (!stored.ok())
      return forbid(base::StrCat("pod rejected: RuntimeClass \"", name, "\" not found"));
    rc = std::move(stored->object);
  }
  const json& fixed = ObjField(ObjField(rc, "overhead"), "podFixed");
  if (rc.contains("overhead") && rc["overhead"].is_object()) {
    if (has_overhead) {
      bool same = spec["overhead"].is_object() && spec["overhead"].size() == fixed.size();
      for (const auto& [key, value] : fixed.items()) {
        same = same && spec["overhead"].contains(key) && spec["overhead"][key].is_string() &&
               value.is_string() &&
               am::CanonicalQuantity(spec["overhead"][key].get<std::string>()) ==
                   am::CanonicalQuantity(value.get<std::string>());
      }
      if (!same)
        return forbid("pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
    }
    spec["overhead"] = fixed;
  } else if (has_overhead) {
    return forbid(
        "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead");
  }
  const json& scheduling = ObjField(rc, "scheduling");
  for (const auto& [key, value] : ObjField(scheduling, "nodeSelector").items()) {
    json& selector = spec["nodeSelector"];
    if (!selector.is_object()) selector = json::object();
    if (selector.contains(key) && selector[key] != value) {
      return forbid(base::StrCat("conflict: runtimeClass.scheduling.nodeSelector[", key,
                                 "] = ", StrField(ObjField(scheduling, "nodeSelector"), key),
                                 "; pod.spec.nodeSelector[", key, "] = ", StrField(selector, key)));
    }
    selector[key] = value;
  }
  MergeTolerations(spec, ArrField(scheduling, "tolerations"));
  return true;
}

bool Rest::AdmitCreate(Call& call, json& obj) {
  const api::ResourceInfo& info = *call.rc->info;
  if (info.group == "certificates.k8s.io" && info.plural == "certificatesigningrequests" &&
      obj.contains("spec") && obj["spec"].is_object()) {
    // CertificateSubjectRestriction: no client certificate for the masters.
    std::string pem;
    if (StrField(obj["spec"], "signerName") == "kubernetes.io/kube-apiserver-client" &&
        absl::Base64Unescape(StrField(obj["spec"], "request"), &pem)) {
      auto csr = tls::ParseCsr(pem);
      if (csr.ok() &&
          std::find(csr->request.organizations.begin(), csr->request.organizations.end(),
                    "system:masters") != csr->request.organizations.end()) {
        ReplyError(call, am::Forbidden(info.group, info.plural, call.info.name,
                                       "use of kubernetes.io/kube-apiserver-client signer with "
                                       "system:masters group is not allowed"));
        return false;
      }
    }
    obj["spec"]["username"] = call.user.name;
    obj["spec"]["groups"] = call.user.groups;
    obj["spec"].erase("uid");
    obj["spec"].erase("extra");
  }
  if (info.group == "scheduling.k8s.io" && info.plural == "priorityclasses") {
    return AdmitPriorityClass(call, obj);
  }
  if (info.group.empty() && info.plural == "nodes" && obj["spec"].is_object()) {
    // TaintNodesByCondition: a new node is not ready until its kubelet
    // says so; the node lifecycle removes the taint.
    json& taints = obj["spec"]["taints"];
    if (!taints.is_array()) taints = json::array();
    bool tainted = false;
    for (const json& t : taints) {
      tainted = tainted || (StrField(t, "key") == "node.kubernetes.io/not-ready" &&
                            StrField(t, "effect") == "NoSchedule");
    }
    if (!tainted) {
      taints.push_back({{"key", "node.kubernetes.io/not-ready"}, {"effect", "NoSchedule"}});
    }
    return true;
  }
  // DefaultStorageClass and DefaultIngressClass: a claim or an ingress
  // naming no class gets the default one, if any.
  if (info.group.empty() && info.plural == "persistentvolumeclaims" && obj["spec"].is_object() &&
      (!obj["spec"].contains("storageClassName") || obj["spec"]["storageClassName"].is_null()) &&
      !ObjField(ObjField(obj, "metadata"), "annotations")
           .contains("volume.beta.kubernetes.io/storage-class")) {
    std::string name = DefaultClassName(Context("storage.k8s.io", "storageclasses"),
                                        {"storageclass.kubernetes.io/is-default-class",
                                         "storageclass.beta.kubernetes.io/is-default-class"});
    if (!name.empty()) obj["spec"]["storageClassName"] = name;
    return true;
  }
  if (info.group == "networking.k8s.io" && info.plural == "ingresses" && obj["spec"].is_object() &&
      (!obj["spec"].contains("ingressClassName") || obj["spec"]["ingressClassName"].is_null()) &&
      !ObjField(ObjField(obj, "metadata"), "annotations").contains("kubernetes.io/ingress.class")) {
    std::string name = DefaultClassName(Context("networking.k8s.io", "ingressclasses"),
                                        {"ingressclass.kubernetes.io/is-default-class"});
    if (!name.empty()) obj["spec"]["ingressClassName"] = name;
    return true;
  }
  if (!info.group.empty() || info.plural != "pods") return true;
  std::optional<json> supplied;  // spec.priority as sent, before the defaults add 0
  if (obj["spec"].is_object() && obj["spec"].contains("priority")) {
    supplied = obj["spec"]["priority"];
  }
  call.rc->strategy->Default(obj);            // the admission sees the defaulted pod, as upstream
  if (!obj["spec"].is_object()) return true;  // validation reports it
  if (!CheckNamespace(call, true)) return false;
  AdmitLimitRanges(call, obj);
  if (!AdmitServiceAccount(call, obj) || !AdmitPriority(call, obj, supplied)) return false;
  strategies::AddDefaultTolerations(obj["spec"]);  // before RuntimeClass, as upstream
  return AdmitRuntimeClass(call, obj);
}

bool Rest::CheckLimitRanges(Call& call, const json& obj, const json* old) {
  const api::ResourceInfo& info = *call.rc->info;
  if (!info.group.empty()) return true;
  const bool pod = info.plural == "pods";
  const bool claim = info.plural == "persistentvolumeclaims";
  // Pods are checked when created (their resources cannot change after),
  // claims whenever written.
  if (!(pod && old == nullptr) && !claim) return true;
  const ResourceContext* ranges = Context("", "limitranges");
  if (!ranges) return true;
  std::vector<std::string> errors;
  for (const ObjectPtr& o :
       ranges->cache->List(ListPrefix(*ranges, call.info.namespace_)).objects) {
    json range = json::parse(o->json, nullptr, false);
    for (std::string& e :
         LimitRangeViolations(range, pod ? LimitedKind::kPod : LimitedKind::kClaim, obj)) {
      errors.push_back(std::move(e));
    }
  }
  if (errors.empty()) return true;
  // An aggregate of several prints as "[a, b]", as upstream's.
  std::string why = errors.size() == 1 ? errors[0] : "[";
  for (size_t i = 0; errors.size() > 1 && i < errors.size(); ++i) {
    why += (i ? ", " : "") + errors[i];
  }
  if (errors.size() > 1) why += "]";
  ReplyError(call, am::Forbidden(info.group, info.plural, call.info.name, why));
  return false;
}

bool Rest::AdmitPriorityClass(Call& call, const json& pc) {
  const auto global = pc.find("globalDefault");
  if (global == pc.end() || !global->is_boolean() || !global->get<bool>()) return true;
  const std::string name = StrField(ObjField(pc, "metadata"), "name");
  for (const ObjectPtr& o : call.rc->cache->List(call.rc->prefix).objects) {
    if (o->name == name || o->json.find("\"globalDefault\":true") == std::string::npos) continue;
    ReplyError(call, am::Forbidden("scheduling.k8s.io", "priorityclasses", name,
                                   base::StrCat("PriorityClass ", o->name,
                                                " is already marked as default. Only one default "
                                                "can exist")));
    return false;
  }
  return true;
}

bool Rest::AdmitServiceAccount(Call& call, json& pod) {
  const json& annotations = ObjField(ObjField(pod, "metadata"), "annotations");
  if (annotations.contains("kubernetes.io/config.mirror")) return true;  // mirror pods
  json& spec = pod["spec"];
  std::string name = StrField(spec, "serviceAccountName");
  if (name.empty()) name = "default";
  spec["serviceAccountName"] = name;
  spec["serviceAccount"] = name;
  const ResourceContext* sas = Context("", "serviceaccounts");
  if (!sas) return true;
  const std::string& ns = call.info.namespace_;
  // The watch cache first (no etcd read per pod), etcd for one made just now.
  absl::StatusOr<StoredObject> sa = absl::NotFoundError(name);
  if (ObjectPtr cached = sas->cache->Get(Key(*sas, ns, name))) {
    json parsed = json::parse(cached->json, nullptr, false);
    if (parsed.is_object()) sa = StoredObject{std::move(parsed), cached->resource_version};
  }
  if (!sa.ok()) sa = GetStored(*sas, ns, name);
  if (!sa.ok() && absl::IsNotFound(sa.status()) && name == "default" && !call.dry_run) {
    // Housekeeping creates it within a second of the namespace; do not
    // refuse the pods of a namespace created just before.
    json obj = {{"apiVersion", "v1"},
                {"kind", "ServiceAccount"},
                {"metadata",
                 {{"name", "default"},
                  {"namespace", ns},
                  {"uid", NewUid()},
                  {"creationTimestamp", NowRfc3339()}}}};
    absl::Status created = CreateInternal(*sas, obj);
    if (created.ok() || absl::IsAlreadyExists(created)) sa = GetStored(*sas, ns, name);
  }
  if (!sa.ok()) {
    std::string why = base::StrCat("serviceaccount \"", name, "\" not found");
    if (!absl::IsNotFound(sa.status())) why = base::ToStd(sa.status().message());
    ReplyError(call, am::Forbidden("", "pods", call.info.name,
                                   base::StrCat("error looking up service account ", ns, "/", name,
                                                ": ", why)));
    return false;
  }
  const json* pod_auto = spec.contains("automountServiceAccountToken") &&
                                 spec["automountServiceAccountToken"].is_boolean()
                             ? &spec["automountServiceAccountToken"]
                             : nullptr;
  const json& sa_obj = sa->object;
  bool automount = pod_auto ? pod_auto->get<bool>()
                            : !(sa_obj.contains("automountServiceAccountToken") &&
                                sa_obj["automountServiceAccountToken"] == false);
  if (automount) MountServiceAccountToken(spec);
  return true;
}

void Rest::AdmitLimitRanges(Call& call, json& pod) {
  const ResourceContext* ranges = Context("", "limitranges");
  if (!ranges) return;
  std::vector<std::string> notes;
  for (const ObjectPtr& o :
       ranges->cache->List(ListPrefix(*ranges, call.info.namespace_)).objects) {
    json range = json::parse(o->json, nullptr, false);
    for (const json& item : ArrField(ObjField(range, "spec"), "limits")) {
      if (StrField(item, "type") != "Container") continue;
      // upstream mergePodResourceRequirements: containers, then init containers.
      for (const auto& [list, what] :
           {std::pair{"containers", "container"}, std::pair{"initContainers", "init container"}}) {
        auto it = pod["spec"].find(list);
        if (it == pod["spec"].end() || !it->is_array()) continue;
        for (json& c : *it) {
          if (!c.is_object()) continue;
          json& resources = c["resources"];
          if (!resources.is_object()) resources = json::object();
          for (const auto& [field, label] :
               {std::pair{"defaultRequest", "request"}, std::pair{"default", "limit"}}) {
            const char* target = std::string_view(field) == "default" ? "limits" : "requests";
            std::vector<std::string> set;
            for (const auto& [name, value] : ObjField(item, field).items()) {
              json& current = resources[target];
              if (!current.is_object()) current = json::object();
              if (current.contains(name)) continue;
              current[name] = value;
              set.push_back(name);
            }
            if (resources.contains(target) && resources[target].empty()) resources.erase(target);
            if (set.empty()) continue;
            std::sort(set.begin(), set.end());
            std::string note;
            for (const std::string& s : set) note += (note.empty() ? "" : ", ") + s;
            notes.push_back(
                base::StrCat(note, " ", label, " for ", what, " ", StrField(c, "name")));
          }
        }
      }
    }
  }
  if (notes.empty()) return;
  std::string text = "LimitRanger plugin set: ";
  for (size_t i = 0; i < notes.size(); ++i) text += (i ? "; " : "") + notes[i];
  json& annotations = pod["metadata"]["annotations"];
  if (!annotations.is_object()) annotations = json::object();
  annotations["kubernetes.io/limit-ranger"] = text;
}

bool Rest::AdmitPriority(Call& call, json& pod, const std::optional<json>& supplied) {
  json& spec = pod["spec"];
  const ResourceContext* classes = Context("scheduling.k8s.io", "priorityclasses");
  if (!classes) return true;
  const std::string name = StrField(spec, "priorityClassName");
  json cls;
  if (name.empty()) {
    // A globalDefault class applies to pods naming none.
    for (const ObjectPtr& o : classes->cache->List(classes->prefix).objects) {
      json c = json::parse(o->json, nullptr, false);
      if (c.is_object() && c.value("globalDefault", false)) cls = std::move(c);
    }
    if (cls.is_null()) {
      // priority 0, set by the pod defaults; a client may not pick another.
      if (supplied && *supplied != json(0)) {
        ReplyError(call,
                   am::Forbidden("", "pods", call.info.name,
                                 base::StrCat("the integer value of priority (", supplied->dump(),
                                              ") must not be provided in pod spec; priority "
                                              "admission controller computed 0 from the "
                                              "given PriorityClass name")));
        return false;
      }
      return true;
    }
    spec["priorityClassName"] = StrField(ObjField(cls, "metadata"), "name");
  } else {
    auto stored = GetStored(*classes, "", name);
    if (!stored.ok()) {
      ReplyError(call,
                 am::Forbidden("", "pods", call.info.name,
                               base::StrCat("no PriorityClass with name ", name, " was found")));
      return false;
    }
    cls = std::move(stored->object);
  }
  const int64_t value = IntField(cls, "value");
  if (supplied && *supplied != json(value)) {
    ReplyError(call, am::Forbidden("", "pods", call.info.name,
                                   base::StrCat("the integer value of priority (", supplied->dump(),
                                                ") must not be provided in pod spec; priority "
                                                "admission controller computed ",
                                                value, " from the given PriorityClass name")));
    return false;
  }
  spec["priority"] = value;
  std::string policy = StrField(cls, "preemptionPolicy");
  spec["preemptionPolicy"] = policy.empty() ? "PreemptLowerPriority" : policy;
  return true;
}

}  // namespace wisp::apiserver
