// Volume validation as upstream's pkg/apis/core/validation.
#include "strategies/volume_validation.h"

#include <optional>

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

// Key-to-path items of secret and configMap volumes.
void ValidateItems(const Json& source, const std::string& path, Causes& causes) {
  const Json* items = ArrayAt(source, "items");
  if (items == nullptr) return;
  for (size_t i = 0; i < items->size(); ++i) {
    const Json& item = (*items)[i];
    const std::string at = Index(Child(path, "items"), i);
    if (Str(item, "key").empty()) causes.push_back(FieldRequired(Child(at, "key"), ""));
    const std::string item_path = Str(item, "path");
    if (item_path.empty()) {
      causes.push_back(FieldRequired(Child(at, "path"), ""));
    } else {
      ValidateItemPath(item_path, Child(at, "path"), causes);
    }
    ValidateMode(item, "mode", at, causes);
  }
}

void ValidateSource(std::string_view kind, const Json& source, const std::string& at,
                    Causes& causes) {
  if (kind == "hostPath") {
    const std::string host_path = Str(source, "path");
    if (host_path.empty()) {
      causes.push_back(FieldRequired(Child(at, "path"), ""));
    } else {
      ValidateNoBacksteps(host_path, Child(at, "path"), causes);
    }
    ValidateEnum(source, "type", at,
                 {"", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File",
                  "FileOrCreate", "Socket"},
                 false, causes);
  } else if (kind == "secret" || kind == "configMap") {
    const char* name_key = kind == "secret" ? "secretName" : "name";
    if (Str(source, name_key).empty()) causes.push_back(FieldRequired(Child(at, name_key), ""));
    ValidateMode(source, "defaultMode", at, causes);
    ValidateItems(source, at, causes);
  } else if (kind == "persistentVolumeClaim") {
    if (Str(source, "claimName").empty()) {
      causes.push_back(FieldRequired(Child(at, "claimName"), ""));
    }
  } else if (kind == "downwardAPI" || kind == "projected") {
    ValidateMode(source, "defaultMode", at, causes);
  } else if (kind == "emptyDir") {
    const Json* limit = Find(source, "sizeLimit");
    if (limit != nullptr && QuantityMilli(*limit).value_or(0) < 0) {
      causes.push_back(FieldForbidden(Child(at, "sizeLimit"),
                                      "SizeLimit field must be a valid resource quantity"));
    }
  }
}

}  // namespace

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
    if (sources == 0) found.push_back(FieldRequired(at, "must specify a volume type"));
    const std::string name = Str(volume, "name");
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
