// Volume validation as upstream's pkg/apis/core/validation.
#include "strategies/volume_validation.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "strategies/container_validation.h"
#include "strategies/resource_validation.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldRequired;

// Volume sources in the order upstream's validateVolumeSource checks them.
constexpr const char* kSources[] = {"emptyDir",
                                    "hostPath",
                                    "gitRepo",
                                    "gcePersistentDisk",
                                    "awsElasticBlockStore",
                                    "secret",
                                    "nfs",
                                    "iscsi",
                                    "glusterfs",
                                    "flocker",
                                    "persistentVolumeClaim",
                                    "rbd",
                                    "cinder",
                                    "cephfs",
                                    "quobyte",
                                    "downwardAPI",
                                    "fc",
                                    "flexVolume",
                                    "configMap",
                                    "azureFile",
                                    "vsphereVolume",
                                    "photonPersistentDisk",
                                    "portworxVolume",
                                    "azureDisk",
                                    "storageos",
                                    "projected",
                                    "scaleIO",
                                    "csi",
                                    "ephemeral",
                                    "image"};

constexpr std::string_view kFileMode =
    "must be a number between 0 and 0777 (octal), both inclusive";

void ValidateMode(const Json& obj, std::string_view key, const std::string& path, Causes& causes) {
  std::optional<int64_t> mode = Int(obj, key);
  if (mode.has_value() && (*mode < 0 || *mode > 0777)) {
    causes.push_back(FieldInvalid(Child(path, key), Json(*mode), kFileMode));
  }
}

// upstream validatePathNoBacksteps: no ".." element.
void ValidateNoBacksteps(const std::string& value, const std::string& path, Causes& causes) {
  if (base::StrCat("/", value, "/").find("/../") != std::string::npos) {
    causes.push_back(FieldInvalid(path, Json(value), "must not contain '..'"));
  }
}

// validateLocalNonReservedPath: descending, and not starting with "..".
void ValidateItemPath(const std::string& value, const std::string& path, Causes& causes) {
  ValidateDescendingPath(value, path, causes);
  if (value.rfind("..", 0) == 0 && value.rfind("../", 0) != 0) {
    causes.push_back(FieldInvalid(path, Json(value), "must not start with '..'"));
  }
}

// validateKeyToPath: one item of a secret or config map source.
void ValidateKeyToPath(const Json& item, const std::string& at, Causes& causes) {
  if (Str(item, "key").empty()) causes.push_back(FieldRequired(Child(at, "key"), ""));
  const std::string item_path = Str(item, "path");
  if (item_path.empty()) {
    causes.push_back(FieldRequired(Child(at, "path"), ""));
  } else {
    ValidateItemPath(item_path, Child(at, "path"), causes);
  }
  ValidateMode(item, "mode", at, causes);
}

// Key-to-path items of secret and configMap volumes.
void ValidateItems(const Json& source, const std::string& path, Causes& causes) {
  const Json* items = ArrayAt(source, "items");
  if (items == nullptr) return;
  for (size_t i = 0; i < items->size(); ++i) {
    ValidateKeyToPath((*items)[i], Index(Child(path, "items"), i), causes);
  }
}

// validateDownwardAPIVolumeFile. Upstream reports an item's problems on
// `path`, the source's path, not the item's (sic).
void ValidateDownwardApiFile(const Json& file, const std::string& path, Causes& causes) {
  const std::string file_path = Str(file, "path");
  if (file_path.empty()) causes.push_back(FieldRequired(Child(path, "path"), ""));
  ValidateItemPath(file_path, Child(path, "path"), causes);
  const Json* field_ref = ObjectAt(file, "fieldRef");
  const Json* resource_ref = ObjectAt(file, "resourceFieldRef");
  if (field_ref != nullptr) {
    static const std::vector<std::string> kVolumePaths = {"metadata.annotations", "metadata.labels",
                                                          "metadata.name", "metadata.namespace",
                                                          "metadata.uid"};
    ValidateObjectFieldSelector(*field_ref, Child(path, "fieldRef"), kVolumePaths, causes);
    if (resource_ref != nullptr) {
      causes.push_back(FieldInvalid(path, Json("resource"),
                                    "fieldRef and resourceFieldRef can not be specified "
                                    "simultaneously"));
    }
  } else if (resource_ref != nullptr) {
    ValidateResourceFieldSelector(*resource_ref, Child(path, "resourceFieldRef"), true, causes);
  } else {
    causes.push_back(FieldRequired(path, "one of fieldRef and resourceFieldRef is required"));
  }
  ValidateMode(file, "mode", path, causes);
}

// Item paths of a projected volume's sources, which must differ.
class ProjectedPaths {
 public:
  // `projected_path` is where upstream reports a repeated path.
  explicit ProjectedPaths(std::string projected_path) : at_(std::move(projected_path)) {}
  void Add(const std::string& item_path, const Json& shown, Causes& causes) {
    if (item_path.empty()) return;
    if (!paths_.insert(item_path).second) {
      causes.push_back(FieldInvalid(at_, shown, "conflicting duplicate paths"));
    }
  }

 private:
  std::string at_;
  std::set<std::string> paths_;
};

void ValidateServiceAccountToken(const Json& token, const std::string& token_path,
                                 const std::string& projected_path, Causes& causes) {
  const int64_t seconds = Int(token, "expirationSeconds").value_or(0);
  const std::string seconds_path = Child(token_path, "expirationSeconds");
  if (seconds < 10 * 60) {
    causes.push_back(FieldInvalid(seconds_path, Json(seconds),
                                  "may not specify a duration less than 10 minutes"));
  }
  if (seconds > (int64_t{1} << 32)) {
    causes.push_back(FieldInvalid(seconds_path, Json(seconds),
                                  "may not specify a duration larger than 2^32 seconds"));
  }
  // Upstream reports the token's path on the projected volume's (sic).
  const std::string token_file = Str(token, "path");
  if (token_file.empty()) {
    causes.push_back(FieldRequired(Child(projected_path, "path"), ""));
  } else {
    ValidateItemPath(token_file, Child(projected_path, "path"), causes);
  }
}

// validateProjectionSources: one kind per source, item paths unique across
// all of them.
void ValidateProjected(const Json& projected, const std::string& path, Causes& causes) {
  ValidateMode(projected, "defaultMode", path, causes);
  const Json* sources = ArrayAt(projected, "sources");
  if (sources == nullptr) return;
  ProjectedPaths paths(path);
  for (size_t i = 0; i < sources->size(); ++i) {
    const Json& source = (*sources)[i];
    const std::string at = Index(Child(path, "sources"), i);
    int kinds = 0;
    for (const char* kind : {"secret", "configMap"}) {
      const Json* ref = ObjectAt(source, kind);
      if (ref == nullptr) continue;
      ++kinds;
      const std::string ref_path = Child(at, kind);
      if (Str(*ref, "name").empty()) causes.push_back(FieldRequired(Child(ref_path, "name"), ""));
      if (const Json* items = ArrayAt(*ref, "items")) {
        for (size_t j = 0; j < items->size(); ++j) {
          ValidateKeyToPath((*items)[j], Index(Child(ref_path, "items"), j), causes);
          paths.Add(Str((*items)[j], "path"), Json(Str(*ref, "name")), causes);
        }
      }
    }
    if (const Json* downward = ObjectAt(source, "downwardAPI")) {
      ++kinds;
      if (const Json* items = ArrayAt(*downward, "items")) {
        for (const Json& item : *items) {
          ValidateDownwardApiFile(item, Child(at, "downwardAPI"), causes);
          paths.Add(Str(item, "path"), Json(Str(item, "path")), causes);
        }
      }
    }
    if (const Json* token = ObjectAt(source, "serviceAccountToken")) {
      ++kinds;
      ValidateServiceAccountToken(*token, Child(at, "serviceAccountToken"), path, causes);
    }
    if (kinds > 1) {
      causes.push_back(FieldForbidden(at, "may not specify more than 1 volume type per source"));
    }
  }
}

// An iSCSI qualified name: iqn.YYYY-MM.<reversed domain>[:<name>], or an
// EUI-64 or NAA identifier.
bool MatchesIscsiName(const std::string& name) {
  static const std::regex kIqn(R"(iqn\.\d{4}-\d{2}\.([[:alnum:]\-.]+)(:[^,;*&$|\s]+)$)");
  static const std::regex kEui(R"(^eui.[[:alnum:]]{16}$)");
  static const std::regex kNaa(R"(^naa.[[:alnum:]]{32}$)");
  if (name.rfind("iqn", 0) == 0) return std::regex_search(name, kIqn);
  if (name.rfind("eui", 0) == 0) return std::regex_search(name, kEui);
  if (name.rfind("naa", 0) == 0) return std::regex_search(name, kNaa);
  return true;
}

bool HasIscsiPrefix(const std::string& name) {
  return name.rfind("iqn", 0) == 0 || name.rfind("eui", 0) == 0 || name.rfind("naa", 0) == 0;
}

// validateISCSIVolumeSource.
void ValidateIscsi(const Json& iscsi, const std::string& at, Causes& causes) {
  constexpr std::string_view kStartWith = "must be valid format starting with iqn, eui, or naa";
  if (Str(iscsi, "targetPortal").empty()) {
    causes.push_back(FieldRequired(Child(at, "targetPortal"), ""));
  }
  const std::string iqn = Str(iscsi, "iqn");
  if (iqn.empty()) {
    causes.push_back(FieldRequired(Child(at, "iqn"), ""));
  } else if (!HasIscsiPrefix(iqn)) {
    causes.push_back(FieldInvalid(Child(at, "iqn"), Json(iqn), kStartWith));
  } else if (!MatchesIscsiName(iqn)) {
    causes.push_back(FieldInvalid(Child(at, "iqn"), Json(iqn), "must be valid format"));
  }
  const int64_t lun = Int(iscsi, "lun").value_or(0);
  if (lun < 0 || lun > 255) {
    causes.push_back(
        FieldInvalid(Child(at, "lun"), Json(lun), "must be between 0 and 255, inclusive"));
  }
  const bool chap = Bool(iscsi, "chapAuthDiscovery").value_or(false) ||
                    Bool(iscsi, "chapAuthSession").value_or(false);
  if (chap && Find(iscsi, "secretRef") == nullptr) {
    causes.push_back(FieldRequired(Child(at, "secretRef"), ""));
  }
  if (Find(iscsi, "initiatorName") != nullptr) {
    const std::string initiator = Str(iscsi, "initiatorName");
    const std::string initiator_path = Child(at, "initiatorname");  // sic
    if (!HasIscsiPrefix(initiator)) {
      causes.push_back(FieldInvalid(initiator_path, Json(initiator), kStartWith));
    }
    if (!MatchesIscsiName(initiator)) {
      causes.push_back(FieldInvalid(initiator_path, Json(initiator), "must be valid format"));
    }
  }
}

// ValidateCSIDriverName and the node publish secret of a CSI source.
void ValidateCsi(const Json& csi, const std::string& at, Causes& causes) {
  const std::string driver = Str(csi, "driver");
  const std::string driver_path = Child(at, "driver");
  if (driver.empty()) causes.push_back(FieldRequired(driver_path, ""));
  if (driver.size() > 63) causes.push_back(apimachinery::FieldTooLong(driver_path, "", 63));
  std::string lower = driver;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  AddInvalid(causes, driver_path, Json(driver), apimachinery::IsDns1123Subdomain(lower));
  if (const Json* secret = ObjectAt(csi, "nodePublishSecretRef")) {
    const std::string name = Str(*secret, "name");
    if (name.empty()) {
      causes.push_back(FieldRequired(Child(Child(at, "nodePublishSecretRef"), "name"), ""));
    } else {
      // Upstream reports a bad name on csi.name (sic).
      AddInvalid(causes, Child(at, "name"), Json(name), apimachinery::IsDns1123Subdomain(name));
    }
  }
}

// ValidateTemplateObjectMeta: only labels and annotations may be set.
void ValidateTemplateMeta(const Json& meta, const std::string& at, Causes& causes) {
  if (const Json* annotations = Find(meta, "annotations")) {
    Append(causes, apimachinery::ValidateAnnotations(*annotations, Child(at, "annotations")));
  }
  if (const Json* labels = Find(meta, "labels")) {
    Append(causes, apimachinery::ValidateLabels(*labels, Child(at, "labels")));
  }
  // ObjectMeta's other fields in declaration order, named as upstream
  // lower-cases the Go field name ("UID" becomes "uID").
  static const std::pair<const char*, const char*> kOthers[] = {
      {"name", "name"},
      {"generateName", "generateName"},
      {"namespace", "namespace"},
      {"selfLink", "selfLink"},
      {"uid", "uID"},
      {"resourceVersion", "resourceVersion"},
      {"generation", "generation"},
      {"creationTimestamp", "creationTimestamp"},
      {"deletionTimestamp", "deletionTimestamp"},
      {"deletionGracePeriodSeconds", "deletionGracePeriodSeconds"},
      {"ownerReferences", "ownerReferences"},
      {"finalizers", "finalizers"},
      {"managedFields", "managedFields"}};
  for (const auto& [key, shown] : kOthers) {
    const Json* v = Find(meta, key);
    const bool zero = v == nullptr || *v == "" || *v == 0 || (v->is_array() && v->empty());
    if (!zero) causes.push_back(FieldForbidden(Child(at, shown), "cannot be set"));
  }
}

// validateEphemeralVolumeSource: a claim template with a valid spec.
void ValidateEphemeral(const Json& ephemeral, const std::string& at, Causes& causes) {
  const Json* claim = ObjectAt(ephemeral, "volumeClaimTemplate");
  const std::string claim_path = Child(at, "volumeClaimTemplate");
  if (claim == nullptr) {
    causes.push_back(FieldRequired(claim_path, ""));
    return;
  }
  if (const Json* meta = ObjectAt(*claim, "metadata")) {
    ValidateTemplateMeta(*meta, Child(claim_path, "metadata"), causes);
  }
  static const Json kEmpty = Json::object();
  const Json* spec = ObjectAt(*claim, "spec");
  ValidatePersistentVolumeClaimSpec(spec != nullptr ? *spec : kEmpty, Child(claim_path, "spec"),
                                    causes);
}

void ValidateHostPath(const Json& source, const std::string& at, Causes& causes) {
  const std::string host_path = Str(source, "path");
  if (host_path.empty()) {
    causes.push_back(FieldRequired(Child(at, "path"), ""));
    return;
  }
  ValidateNoBacksteps(host_path, Child(at, "path"), causes);
  ValidateEnum(source, "type", at,
               {"", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File",
                "FileOrCreate", "Socket"},
               false, causes);
}

void ValidateSource(std::string_view kind, const Json& source, const std::string& at,
                    Causes& causes) {
  if (kind == "hostPath") {
    ValidateHostPath(source, at, causes);
  } else if (kind == "gitRepo") {
    if (Str(source, "repository").empty()) {
      causes.push_back(FieldRequired(Child(at, "repository"), ""));
    }
    ValidateDescendingPath(Str(source, "directory"), Child(at, "directory"), causes);
  } else if (kind == "secret" || kind == "configMap") {
    const char* name_key = kind == "secret" ? "secretName" : "name";
    if (Str(source, name_key).empty()) causes.push_back(FieldRequired(Child(at, name_key), ""));
    ValidateMode(source, "defaultMode", at, causes);
    ValidateItems(source, at, causes);
  } else if (kind == "nfs") {
    const std::string nfs_path = Str(source, "path");
    if (Str(source, "server").empty()) causes.push_back(FieldRequired(Child(at, "server"), ""));
    if (nfs_path.empty()) causes.push_back(FieldRequired(Child(at, "path"), ""));
    if (nfs_path.empty() || nfs_path[0] != '/') {
      causes.push_back(FieldInvalid(Child(at, "path"), Json(nfs_path), "must be an absolute path"));
    }
  } else if (kind == "iscsi") {
    ValidateIscsi(source, at, causes);
  } else if (kind == "persistentVolumeClaim") {
    if (Str(source, "claimName").empty()) {
      causes.push_back(FieldRequired(Child(at, "claimName"), ""));
    }
  } else if (kind == "downwardAPI") {
    ValidateMode(source, "defaultMode", at, causes);
    if (const Json* items = ArrayAt(source, "items")) {
      for (const Json& item : *items) ValidateDownwardApiFile(item, at, causes);
    }
  } else if (kind == "projected") {
    ValidateProjected(source, at, causes);
  } else if (kind == "csi") {
    ValidateCsi(source, at, causes);
  } else if (kind == "ephemeral") {
    ValidateEphemeral(source, at, causes);
  } else if (kind == "emptyDir") {
    const Json* limit = Find(source, "sizeLimit");
    if (limit != nullptr && QuantityMilli(*limit).value_or(0) < 0) {
      causes.push_back(FieldForbidden(Child(at, "sizeLimit"),
                                      "SizeLimit field must be a valid resource quantity"));
    }
  }
}

}  // namespace

void ValidatePersistentVolumeClaimSpec(const Json& spec, std::string_view path, Causes& causes) {
  static const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany",
                                                        "ReadWriteOnce", "ReadWriteOncePod"};
  const std::string modes_path = Child(path, "accessModes");
  const Json* modes = ArrayAt(spec, "accessModes");
  if (modes == nullptr || modes->empty()) {
    causes.push_back(FieldRequired(modes_path, "at least 1 access mode is required"));
  } else {
    for (const Json& mode : *modes) {
      std::string m = mode.is_string() ? mode.get<std::string>() : "";
      if (std::find(kAccessModes.begin(), kAccessModes.end(), m) == kAccessModes.end()) {
        causes.push_back(apimachinery::FieldNotSupported(modes_path, mode, kAccessModes));
      }
    }
  }
  if (FindPath(spec, {"resources", "requests", "storage"}) == nullptr) {
    causes.push_back(FieldRequired(Key(Child(path, "resources"), "storage"), ""));
  }
  std::string mode = Str(spec, "volumeMode");
  if (!mode.empty() && mode != "Filesystem" && mode != "Block") {
    causes.push_back(apimachinery::FieldNotSupported(Child(path, "volumeMode"), Json(mode),
                                                     {"Block", "Filesystem"}));
  }
}

void ValidateDescendingPath(const std::string& value, const std::string& path, Causes& causes) {
  if (!value.empty() && value[0] == '/') {
    causes.push_back(FieldInvalid(path, Json(value), "must be a relative path"));
  }
  ValidateNoBacksteps(value, path, causes);
}

std::set<std::string> ValidateVolumes(const Json& spec, std::string_view path, Causes& causes) {
  std::set<std::string> names;
  const Json* volumes = ArrayAt(spec, "volumes");
  if (volumes == nullptr) return names;
  for (size_t i = 0; i < volumes->size(); ++i) {
    const Json& volume = (*volumes)[i];
    const std::string at = Index(Child(path, "volumes"), i);
    Causes found;  // a volume with problems is not one mounts may name
    int sources = 0;
    for (const char* kind : kSources) {
      const Json* source = Find(volume, kind);
      if (source == nullptr) continue;
      if (sources++ > 0) {
        // Upstream names two sources differently (sic) in this message.
        const std::string_view k = kind;
        const char* shown = k == "downwardAPI" ? "downwarAPI" : k == "cephfs" ? "cephFS" : kind;
        found.push_back(
            FieldForbidden(Child(at, shown), "may not specify more than 1 volume type"));
        continue;
      }
      if (source->is_object()) ValidateSource(kind, *source, Child(at, kind), found);
    }
    const std::string name = Str(volume, "name");
    if (const Json* iscsi = ObjectAt(volume, "iscsi");
        iscsi != nullptr && Find(*iscsi, "initiatorName") != nullptr &&
        name.size() + 1 + Str(*iscsi, "targetPortal").size() > 64) {
      found.push_back(FieldInvalid(Child(at, "name"), Json(name),
                                   "Total length of <volume name>:<iscsi.targetPortal> must be "
                                   "under 64 characters if iscsi.initiatorName is specified."));
    }
    if (sources == 0) found.push_back(FieldRequired(at, "must specify a volume type"));
    if (name.empty()) {
      found.push_back(FieldRequired(Child(at, "name"), ""));
    } else {
      AddInvalid(found, Child(at, "name"), Json(name), apimachinery::IsDns1123Label(name));
    }
    if (names.count(name) != 0)
      found.push_back(apimachinery::FieldDuplicate(Child(at, "name"), name));
    if (found.empty()) names.insert(name);
    Append(causes, std::move(found));
  }
  return names;
}

}  // namespace wisp::strategies
