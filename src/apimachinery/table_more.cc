// Table printers for the policy, quota, networking, certificates, node and
// storage-driver kinds (upstream printPodDisruptionBudget,
// printResourceQuota, printNetworkPolicy, printIngressClass,
// printCertificateSigningRequest, printRuntimeClass,
// printControllerRevision, printPodTemplate, printCSIDriver, printCSINode,
// printVolumeAttachment, printCSIStorageCapacity). None has wide columns.
#include <algorithm>
#include <chrono>

#include "apimachinery/table_printers.h"
#include "wisp/apimachinery/human_duration.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery::internal {

using base::StrCat;
using nlohmann::json;

namespace {

// An int-or-string as IntOrString.String() prints it; "N/A" when unset.
std::string IntOrStringOrNa(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_string()) return v.get<std::string>();
  return "N/A";
}

std::string QuantityText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return "0";
}

Row PdbRow(const json& pdb, int64_t now) {
  Row row;
  row.cells = {Name(pdb), IntOrStringOrNa(At(pdb, {"spec", "minAvailable"})),
               IntOrStringOrNa(At(pdb, {"spec", "maxUnavailable"})),
               Int(pdb, {"status", "disruptionsAllowed"}), Created(pdb, now)};
  return row;
}

// "key: used/hard" for each hard limit, sorted by key; limits.* keys in the
// Limit column, everything else in Request.
Row QuotaRow(const json& q, int64_t now) {
  const json& hard = At(q, {"status", "hard"});
  const json& used = At(q, {"status", "used"});
  std::vector<std::string> keys;
  if (hard.is_object()) {
    for (auto it = hard.begin(); it != hard.end(); ++it) keys.push_back(it.key());
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> requests, limits;
  for (const std::string& k : keys) {
    json u = used.is_object() && used.contains(k) ? used[k] : json();
    std::string entry = StrCat(k, ": ", QuantityText(u), "/", QuantityText(hard[k]));
    bool is_limit = k.rfind("limits.", 0) == 0 && k.size() > 7;
    (is_limit ? limits : requests).push_back(entry);
  }
  Row row;
  row.cells = {Name(q), Created(q, now), Join(requests, ", "), Join(limits, ", ")};
  return row;
}

Row NetworkPolicyRow(const json& np, int64_t now) {
  Row row;
  row.cells = {Name(np), FormatLabelSelector(At(np, {"spec", "podSelector"})), Created(np, now)};
  return row;
}

Row IngressClassRow(const json& ic, int64_t now) {
  const json& p = At(ic, {"spec", "parameters"});
  std::string params = "<none>";
  if (p.is_object()) {
    params = Str(p, {"kind"});
    if (p.contains("apiGroup") && p["apiGroup"].is_string()) {
      params += "." + p["apiGroup"].get<std::string>();
    }
    params += "/" + Str(p, {"name"});
  }
  Row row;
  row.cells = {Name(ic), Str(ic, {"spec", "controller"}), params, Created(ic, now)};
  return row;
}

Row CsrRow(const json& csr, int64_t now) {
  bool approved = false, denied = false, failed = false;
  const json& conditions = At(csr, {"status", "conditions"});
  if (conditions.is_array()) {
    for (const json& c : conditions) {
      std::string type = Str(c, {"type"});
      approved = approved || type == "Approved";
      denied = denied || type == "Denied";
      failed = failed || type == "Failed";
    }
  }
  std::string condition = denied ? "Denied" : approved ? "Approved" : "Pending";
  if (failed) condition += ",Failed";
  if (!Str(csr, {"status", "certificate"}).empty()) condition += ",Issued";
  const json& seconds = At(csr, {"spec", "expirationSeconds"});
  std::string duration = seconds.is_number_integer()
                             ? HumanDuration(std::chrono::seconds(seconds.get<int64_t>()))
                             : "<none>";
  Row row;
  row.cells = {Name(csr),
               Created(csr, now),
               OrNone(Str(csr, {"spec", "signerName"})),
               Str(csr, {"spec", "username"}),
               duration,
               condition};
  return row;
}

Row RuntimeClassRow(const json& rc, int64_t now) {
  Row row;
  row.cells = {Name(rc), Str(rc, {"handler"}), Created(rc, now)};
  return row;
}

// The controller owner as "<kind>[.<group>]/<name>", lower-cased kind+group.
Row ControllerRevisionRow(const json& cr, int64_t now) {
  std::string controller = "<none>";
  const json& owners = At(cr, {"metadata", "ownerReferences"});
  if (owners.is_array()) {
    for (const json& o : owners) {
      const json& is_controller = At(o, {"controller"});
      if (!is_controller.is_boolean() || !is_controller.get<bool>()) continue;
      std::string api_version = Str(o, {"apiVersion"});
      size_t slash = api_version.find('/');
      std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
      std::string gk = Str(o, {"kind"}) + (group.empty() ? "" : "." + group);
      for (char& ch : gk) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      controller = gk + "/" + Str(o, {"name"});
      break;
    }
  }
  Row row;
  row.cells = {Name(cr), controller, Int(cr, {"revision"}), Created(cr, now)};
  return row;
}

Row PodTemplateRow(const json& pt, int64_t) {
  const json& spec = At(pt, {"template", "spec"});
  Row row;
  row.cells = {Name(pt), ContainerNames(spec), ContainerImages(spec),
               FormatLabels(At(pt, {"template", "metadata", "labels"}))};
  return row;
}

bool BoolOr(const json& v, bool fallback) { return v.is_boolean() ? v.get<bool>() : fallback; }

Row CsiDriverRow(const json& d, int64_t now) {
  const json& spec = At(d, {"spec"});
  const json& tokens = At(spec, {"tokenRequests"});
  std::string token_text = "<unset>";
  if (tokens.is_array()) {
    std::vector<std::string> audiences;
    for (const json& t : tokens) audiences.push_back(Str(t, {"audience"}));
    token_text = Join(audiences, ",");
  }
  std::vector<std::string> modes;
  const json& m = At(spec, {"volumeLifecycleModes"});
  if (m.is_array()) {
    for (const json& v : m) {
      if (v.is_string()) modes.push_back(v.get<std::string>());
    }
  }
  Row row;
  row.cells = {Name(d),
               BoolOr(At(spec, {"attachRequired"}), true),
               BoolOr(At(spec, {"podInfoOnMount"}), false),
               BoolOr(At(spec, {"storageCapacity"}), false),
               token_text,
               BoolOr(At(spec, {"requiresRepublish"}), false),
               OrNone(Join(modes, ",")),
               Created(d, now)};
  return row;
}

Row CsiNodeRow(const json& n, int64_t now) {
  const json& drivers = At(n, {"spec", "drivers"});
  Row row;
  row.cells = {Name(n), static_cast<int64_t>(drivers.is_array() ? drivers.size() : 0),
               Created(n, now)};
  return row;
}

Row VolumeAttachmentRow(const json& va, int64_t now) {
  Row row;
  row.cells = {Name(va),
               Str(va, {"spec", "attacher"}),
               Str(va, {"spec", "source", "persistentVolumeName"}),
               Str(va, {"spec", "nodeName"}),
               BoolOr(At(va, {"status", "attached"}), false),
               Created(va, now)};
  return row;
}

Row CsiStorageCapacityRow(const json& c, int64_t) {
  const json& capacity = At(c, {"capacity"});
  Row row;
  row.cells = {Name(c), Str(c, {"storageClassName"}),
               capacity.is_null() ? std::string("<unset>") : QuantityText(capacity)};
  return row;
}

}  // namespace

const std::vector<Printer>& MorePrinters() {
  static const std::vector<Printer> printers = {
      {"policy",
       "poddisruptionbudgets",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Min Available", "string", "", "The minimum number of pods that must be available.", 0},
        {"Max Unavailable", "string", "", "The maximum number of pods that may be unavailable.", 0},
        {"Allowed Disruptions", "integer", "", "How many pods may be disrupted now.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &PdbRow},
      {"",
       "resourcequotas",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"Request", "string", "", "Used and hard amounts of the requested resources.", 0},
        {"Limit", "string", "", "Used and hard amounts of the resource limits.", 0}},
       &QuotaRow},
      {"networking.k8s.io",
       "networkpolicies",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Pod-Selector", "string", "", "The pods the policy applies to.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &NetworkPolicyRow},
      {"networking.k8s.io",
       "ingressclasses",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Controller", "string", "", "The controller that handles this class.", 0},
        {"Parameters", "string", "", "The resource holding the class's parameters.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &IngressClassRow},
      {"certificates.k8s.io",
       "certificatesigningrequests",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"SignerName", "string", "", "The signer asked to sign the request.", 0},
        {"Requestor", "string", "", "The user who created the request.", 0},
        {"RequestedDuration", "string", "", "The validity the request asks for.", 0},
        {"Condition", "string", "", "Approved, Denied or Pending; Failed; Issued.", 0}},
       &CsrRow},
      {"node.k8s.io",
       "runtimeclasses",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Handler", "string", "", "", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &RuntimeClassRow},
      {"apps",
       "controllerrevisions",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Controller", "string", "", "Controller of the object.", 0},
        {"Revision", "string", "", "The revision number.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &ControllerRevisionRow},
      {"",
       "podtemplates",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Containers", "string", "", "Names of each container in the template.", 0},
        {"Images", "string", "", "Images referenced by each container in the template.", 0},
        {"Pod Labels", "string", "", "The labels for the pod template.", 0}},
       &PodTemplateRow},
      {"storage.k8s.io",
       "csidrivers",
       {{"Name", "string", "name", kNameDesc, 0},
        {"AttachRequired", "boolean", "", "Whether volumes need an attach step.", 0},
        {"PodInfoOnMount", "boolean", "", "Whether pod information is passed on mount.", 0},
        {"StorageCapacity", "boolean", "", "Whether storage capacity is considered.", 0},
        {"TokenRequests", "string", "", "Audiences of the tokens passed to the driver.", 0},
        {"RequiresRepublish", "boolean", "", "Whether NodePublishVolume is called again.", 0},
        {"Modes", "string", "", "The volume lifecycle modes supported.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &CsiDriverRow},
      {"storage.k8s.io",
       "csinodes",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Drivers", "integer", "", "The number of CSI drivers registered on the node.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &CsiNodeRow},
      {"storage.k8s.io",
       "volumeattachments",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Attacher", "string", "name", "The volume driver that attaches.", 0},
        {"PV", "string", "", "The persistent volume attached.", 0},
        {"Node", "string", "", "The node the volume is attached to.", 0},
        {"Attached", "boolean", "", "Whether the volume is attached.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &VolumeAttachmentRow},
      {"storage.k8s.io",
       "csistoragecapacities",
       {{"Name", "string", "name", kNameDesc, 0},
        {"StorageClassName", "string", "", "The storage class the capacity is for.", 0},
        {"Capacity", "string", "", "The capacity available.", 0}},
       &CsiStorageCapacityRow},
  };
  return printers;
}

}  // namespace wisp::apimachinery::internal
