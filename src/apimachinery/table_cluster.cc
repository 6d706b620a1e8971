// Table printers for RBAC, storage and scheduling kinds (upstream
// printRole, printRoleBinding, printPersistentVolumeClaim,
// printPersistentVolume, printPriorityClass, printStorageClass).
#include <algorithm>
#include <ctime>

#include "apimachinery/table_printers.h"
#include "wisp/base/strings.h"

namespace wisp::apimachinery::internal {

using base::StrCat;

namespace {

std::vector<std::string> Strings(const nlohmann::json& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& s : v) {
      if (s.is_string()) out.push_back(s.get<std::string>());
    }
  }
  return out;
}

std::string CreatedAt(const nlohmann::json& obj) {
  int64_t t;
  if (!ParseTime(Str(obj, {"metadata", "creationTimestamp"}), &t)) return "0001-01-01T00:00:00Z";
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Row RoleRow(const nlohmann::json& r, int64_t) {
  Row row;
  row.cells = {Name(r), CreatedAt(r)};
  return row;
}

Row RoleBindingRow(const nlohmann::json& rb, int64_t now) {
  Row row;
  std::vector<std::string> users, groups, sas;
  const auto& subjects = At(rb, {"subjects"});
  if (subjects.is_array()) {
    for (const auto& s : subjects) {
      std::string kind = Str(s, {"kind"});
      if (kind == "User") users.push_back(Str(s, {"name"}));
      if (kind == "Group") groups.push_back(Str(s, {"name"}));
      if (kind == "ServiceAccount") {
        sas.push_back(StrCat(Str(s, {"namespace"}), "/", Str(s, {"name"})));
      }
    }
  }
  row.cells = {
      Name(rb),           StrCat(Str(rb, {"roleRef", "kind"}), "/", Str(rb, {"roleRef", "name"})),
      Created(rb, now),   Join(users, ", "),
      Join(groups, ", "), Join(sas, ", ")};
  return row;
}

// GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order.
std::string AccessModes(const nlohmann::json& modes) {
  std::vector<std::string> m = Strings(modes);
  auto has = [&](const char* s) { return std::find(m.begin(), m.end(), s) != m.end(); };
  std::vector<std::string> out;
  if (has("ReadWriteOnce")) out.push_back("RWO");
  if (has("ReadOnlyMany")) out.push_back("ROX");
  if (has("ReadWriteMany")) out.push_back("RWX");
  if (has("ReadWriteOncePod")) out.push_back("RWOP");
  return Join(out, ",");
}

std::string Unset(std::string s) { return s.empty() ? "<unset>" : s; }

// A volume's or claim's class: the beta annotation wins over
// spec.storageClassName (storageutil.GetPersistentVolume(Claim)Class).
std::string StorageClass(const nlohmann::json& obj) {
  const auto& beta =
      At(obj, {"metadata", "annotations", "volume.beta.kubernetes.io/storage-class"});
  if (beta.is_string()) return beta.get<std::string>();
  return Str(obj, {"spec", "storageClassName"});
}

Row PvcRow(const nlohmann::json& pvc, int64_t now) {
  Row row;
  std::string phase = Str(pvc, {"status", "phase"});
  if (!At(pvc, {"metadata", "deletionTimestamp"}).is_null()) phase = "Terminating";
  std::string capacity, modes;
  if (!Str(pvc, {"spec", "volumeName"}).empty()) {
    modes = AccessModes(At(pvc, {"status", "accessModes"}));
    const auto& storage = At(pvc, {"status", "capacity", "storage"});
    capacity = storage.is_string() ? storage.get<std::string>() : "";
  }
  std::string volume_mode = Str(pvc, {"spec", "volumeMode"});
  row.cells = {Name(pvc),
               phase,
               Str(pvc, {"spec", "volumeName"}),
               capacity,
               modes,
               StorageClass(pvc),
               Unset(Str(pvc, {"spec", "volumeAttributesClassName"})),
               Created(pvc, now),
               volume_mode.empty() ? "<unset>" : volume_mode};
  return row;
}

Row PvRow(const nlohmann::json& pv, int64_t now) {
  Row row;
  std::string claim;
  const auto& ref = At(pv, {"spec", "claimRef"});
  if (ref.is_object()) claim = StrCat(Str(ref, {"namespace"}), "/", Str(ref, {"name"}));
  std::string phase = Str(pv, {"status", "phase"});
  if (!At(pv, {"metadata", "deletionTimestamp"}).is_null()) phase = "Terminating";
  const auto& storage = At(pv, {"spec", "capacity", "storage"});
  std::string volume_mode = Str(pv, {"spec", "volumeMode"});
  row.cells = {Name(pv),
               storage.is_string() ? storage.get<std::string>() : "",
               AccessModes(At(pv, {"spec", "accessModes"})),
               Str(pv, {"spec", "persistentVolumeReclaimPolicy"}),
               phase,
               claim,
               StorageClass(pv),
               Unset(Str(pv, {"spec", "volumeAttributesClassName"})),
               Str(pv, {"status", "reason"}),
               Created(pv, now),
               volume_mode.empty() ? "<unset>" : volume_mode};
  return row;
}

Row PriorityClassRow(const nlohmann::json& pc, int64_t now) {
  Row row;
  std::string policy = Str(pc, {"preemptionPolicy"});
  row.cells = {Name(pc), Int(pc, {"value"}), At(pc, {"globalDefault"}) == true, Created(pc, now),
               policy.empty() ? "<unset>" : policy};
  return row;
}

Row StorageClassRow(const nlohmann::json& sc, int64_t now) {
  Row row;
  std::string name = Name(sc);
  const auto& annotations = At(sc, {"metadata", "annotations"});
  for (const char* key : {"storageclass.kubernetes.io/is-default-class",
                          "storageclass.beta.kubernetes.io/is-default-class"}) {
    if (annotations.is_object() && annotations.contains(key) && annotations[key] == "true") {
      name += " (default)";
      break;
    }
  }
  std::string reclaim = Str(sc, {"reclaimPolicy"});
  std::string binding = Str(sc, {"volumeBindingMode"});
  row.cells = {name,
               Str(sc, {"provisioner"}),
               reclaim.empty() ? "Delete" : reclaim,
               binding.empty() ? "Immediate" : binding,
               At(sc, {"allowVolumeExpansion"}) == true,
               Created(sc, now)};
  return row;
}

}  // namespace

const std::vector<Printer>& ClusterPrinters() {
  static const std::vector<Column> kRoleColumns = {
      {"Name", "string", "name", kNameDesc, 0},
      {"Created At", "string", "", "Time the object was created (RFC 3339, UTC).", 0}};
  static const std::vector<Column> kRoleBindingColumns = {
      {"Name", "string", "name", kNameDesc, 0},
      {"Role", "string", "", "The role the binding refers to.", 0},
      {"Age", "string", "", kAgeDesc, 0},
      {"Users", "string", "", "Users in the binding.", 1},
      {"Groups", "string", "", "Groups in the binding.", 1},
      {"ServiceAccounts", "string", "", "Service accounts in the binding.", 1}};
  static const std::vector<Printer> kPrinters = {
      {"rbac.authorization.k8s.io", "roles", kRoleColumns, &RoleRow},
      {"rbac.authorization.k8s.io", "clusterroles", kRoleColumns, &RoleRow},
      {"rbac.authorization.k8s.io", "rolebindings", kRoleBindingColumns, &RoleBindingRow},
      {"rbac.authorization.k8s.io", "clusterrolebindings", kRoleBindingColumns, &RoleBindingRow},
      {"",
       "persistentvolumeclaims",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Status", "string", "", "The phase of the claim.", 0},
        {"Volume", "string", "", "The bound volume.", 0},
        {"Capacity", "string", "", "Capacity of the bound volume.", 0},
        {"Access Modes", "string", "", "Access modes of the bound volume.", 0},
        {"StorageClass", "string", "", "The storage class of the claim.", 0},
        {"VolumeAttributesClass", "string", "", "The volume attributes class.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"VolumeMode", "string", "", "Filesystem or Block.", 1}},
       &PvcRow},
      {"",
       "persistentvolumes",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Capacity", "string", "", "Capacity of the volume.", 0},
        {"Access Modes", "string", "", "Access modes of the volume.", 0},
        {"Reclaim Policy", "string", "", "What happens when the claim is released.", 0},
        {"Status", "string", "", "The phase of the volume.", 0},
        {"Claim", "string", "", "The bound claim.", 0},
        {"StorageClass", "string", "", "The storage class of the volume.", 0},
        {"VolumeAttributesClass", "string", "", "The volume attributes class.", 0},
        {"Reason", "string", "", "Reason for the phase.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"VolumeMode", "string", "", "Filesystem or Block.", 1}},
       &PvRow},
      {"scheduling.k8s.io",
       "priorityclasses",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Value", "integer", "", "The priority value.", 0},
        {"Global-Default", "boolean", "", "Whether this is the default priority class.", 0},
        {"Age", "string", "", kAgeDesc, 0},
        {"PreemptionPolicy", "string", "", "Whether pods of this class preempt others.", 1}},
       &PriorityClassRow},
      {"storage.k8s.io",
       "storageclasses",
       {{"Name", "string", "name", kNameDesc, 0},
        {"Provisioner", "string", "", "The volume provisioner.", 0},
        {"ReclaimPolicy", "string", "", "Reclaim policy of provisioned volumes.", 0},
        {"VolumeBindingMode", "string", "", "When volumes are bound.", 0},
        {"AllowVolumeExpansion", "boolean", "", "Whether volumes can be expanded.", 0},
        {"Age", "string", "", kAgeDesc, 0}},
       &StorageClassRow},
  };
  return kPrinters;
}

}  // namespace wisp::apimachinery::internal
