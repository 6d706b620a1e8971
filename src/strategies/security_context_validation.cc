// Security contexts as upstream's validatePodSpecSecurityContext,
// ValidateSecurityContext, validateOS, validateLinux and validateWindows.
#include "strategies/security_context_validation.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <vector>

#include "strategies/volume_validation.h"
#include "strategies/workload.h"
#include "wisp/apimachinery/validation.h"
#include "wisp/base/strings.h"

namespace wisp::strategies {
namespace {

using apimachinery::FieldDuplicate;
using apimachinery::FieldForbidden;
using apimachinery::FieldInvalid;
using apimachinery::FieldNotSupported;
using apimachinery::FieldRequired;

// validation.IsValidUserID / IsValidGroupID: obj[key] when set.
void ValidateId(const Json& obj, std::string_view key, const std::string& path, Causes& causes) {
  std::optional<int64_t> id = Int(obj, key);
  if (id.has_value() && (*id < 0 || *id > 2147483647)) {
    causes.push_back(FieldInvalid(path, Json(*id), "must be between 0 and 2147483647, inclusive"));
  }
}

// One segment of a sysctl name: [a-z0-9]([-_a-z0-9]*[a-z0-9])?
bool IsSysctlSegment(std::string_view s) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s) {
    if (!alnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

// IsValidSysctlName: segments joined by '.' or '/', at most 253 characters.
bool IsValidSysctlName(std::string_view name) {
  if (name.size() > 253) return false;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.' || name[i] == '/') {
      if (!IsSysctlSegment(name.substr(start, i - start))) return false;
      start = i + 1;
    }
  }
  return true;
}

enum class SysctlNamespace { kUnknown, kNet, kIpc };

// component-helpers' sysctl GetNamespace: the kernel namespace a sysctl
// belongs to, after NormalizeName ('/'-separated names use '.') and up to
// any '*'.
SysctlNamespace NamespaceOf(std::string name) {
  const size_t first_sep = name.find_first_of("./");
  if (first_sep != std::string::npos && name[first_sep] == '/') {
    for (char& c : name) c = c == '.' ? '/' : c == '/' ? '.' : c;
  }
  name = name.substr(0, name.find('*'));
  static const std::set<std::string, std::less<>> kIpcNames = {
      "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
      "kernel.shm", "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg"};
  if (kIpcNames.count(name) != 0) return SysctlNamespace::kIpc;
  if (name.rfind("net.", 0) == 0) return SysctlNamespace::kNet;
  if (name.rfind("fs.mqueue.", 0) == 0) return SysctlNamespace::kIpc;
  return SysctlNamespace::kUnknown;
}

void ValidateSysctls(const Json& sysctls, const Json& spec, const std::string& path,
                     Causes& causes) {
  const bool host_network = Bool(spec, "hostNetwork").value_or(false);
  const bool host_ipc = Bool(spec, "hostIPC").value_or(false);
  std::set<std::string> names;
  for (size_t i = 0; i < sysctls.size(); ++i) {
    const std::string name = Str(sysctls[i], "name");
    const std::string at = Child(Index(path, i), "name");
    if (name.empty()) {
      causes.push_back(FieldRequired(at, ""));
    } else if (!IsValidSysctlName(name)) {
      causes.push_back(
          FieldInvalid(at, Json(name),
                       "must have at most 253 characters and match regex "
                       "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
    } else if (names.count(name) != 0) {
      causes.push_back(FieldDuplicate(at, Json(name)));
    }
    const SysctlNamespace ns = NamespaceOf(name);
    if (host_network && ns == SysctlNamespace::kNet) {
      causes.push_back(
          FieldInvalid(at, Json(name), "may not be specified when 'hostNetwork' is true"));
    } else if (host_ipc && ns == SysctlNamespace::kIpc) {
      causes.push_back(FieldInvalid(at, Json(name), "may not be specified when 'hostIPC' is true"));
    }
    names.insert(name);
  }
}

// validateSeccompProfileField.
void ValidateSeccompProfile(const Json& sc, const std::string& path, Causes& causes) {
  const Json* profile = ObjectAt(sc, "seccompProfile");
  if (profile == nullptr) return;
  const std::string at = Child(path, "seccompProfile");
  const std::string type = Str(*profile, "type");
  if (type.empty()) {
    causes.push_back(
        FieldRequired(Child(at, "type"), "type is required when seccompProfile is set"));
  } else if (type != "Localhost" && type != "RuntimeDefault" && type != "Unconfined") {
    causes.push_back(FieldNotSupported(Child(at, "type"), Json(type),
                                       {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
  const Json* localhost = Find(*profile, "localhostProfile");
  const std::string localhost_path = Child(at, "localhostProfile");
  if (type == "Localhost") {
    if (localhost == nullptr) {
      causes.push_back(FieldRequired(localhost_path, "must be set when seccomp type is Localhost"));
    } else {
      ValidateDescendingPath(Str(*profile, "localhostProfile"), localhost_path, causes);
    }
  } else if (localhost != nullptr) {
    // Upstream shows the whole profile, its pointer field as an address.
    causes.push_back(apimachinery::FieldInvalidGo(
        localhost_path,
        base::StrCat("core.SeccompProfile{Type:", GoQuoted(type),
                     ", LocalhostProfile:", GoPointer("string", true), "}"),
        "can only be set when seccomp type is Localhost"));
  }
}

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// ValidateAppArmorProfileField.
void ValidateAppArmorProfile(const Json& sc, const std::string& path, Causes& causes) {
  const Json* profile = ObjectAt(sc, "appArmorProfile");
  if (profile == nullptr) return;
  const std::string at = Child(path, "appArmorProfile");
  const std::string type = Str(*profile, "type");
  const Json* localhost = Find(*profile, "localhostProfile");
  const std::string localhost_path = Child(at, "localhostProfile");
  const std::string value = Str(*profile, "localhostProfile");
  constexpr std::string_view kMustBeSet = "must be set when AppArmor type is Localhost";
  if (type == "Localhost") {
    if (localhost == nullptr) {
      causes.push_back(FieldRequired(localhost_path, kMustBeSet));
      return;
    }
    const bool padded = !value.empty() && (IsSpace(value.front()) || IsSpace(value.back()));
    if (padded) {
      causes.push_back(
          FieldInvalid(localhost_path, Json(value), "must not be padded with whitespace"));
    } else if (value.empty()) {
      causes.push_back(FieldRequired(localhost_path, kMustBeSet));
    }
    if (value.size() > 4095) causes.push_back(apimachinery::FieldTooLong(localhost_path, "", 4095));
  } else if (type == "RuntimeDefault" || type == "Unconfined") {
    if (localhost != nullptr) {
      causes.push_back(FieldInvalid(localhost_path, Json(value),
                                    "can only be set when AppArmor type is Localhost"));
    }
  } else if (type.empty()) {
    causes.push_back(
        FieldRequired(Child(at, "type"), "type is required when appArmorProfile is set"));
  } else {
    causes.push_back(FieldNotSupported(Child(at, "type"), Json(type),
                                       {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
}

// A DNS name for a Windows user's domain: dot-separated labels of 1-63
// letters, digits and inner hyphens.
bool IsWindowsDnsDomain(std::string_view domain) {
  for (std::string_view label : SplitOn(domain, '.')) {
    auto alnum = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (label.empty() || label.size() > 63 || !alnum(label.front()) || !alnum(label.back())) {
      return false;
    }
    for (char c : label) {
      if (!alnum(c) && c != '-') return false;
    }
  }
  return true;
}

// A NetBIOS domain: 1-15 characters without \/:*?"<>| and not starting
// with '.'.
bool IsNetBiosDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 15 || domain.front() == '.') return false;
  return domain.find_first_of("\\/:*?\"<>|") == std::string_view::npos;
}

// The problems of a windowsOptions.runAsUserName ("DOMAIN\USER" or "USER").
std::vector<std::string> RunAsUserNameProblems(const std::string& name) {
  if (name.empty()) return {"runAsUserName cannot be an empty string"};
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return {"runAsUserName cannot contain control characters"};
  }
  std::vector<std::string_view> parts = SplitOn(name, '\\');
  if (parts.size() > 2) return {"runAsUserName cannot contain more than one backslash"};
  const bool has_domain = parts.size() == 2;
  const std::string_view domain = has_domain ? parts[0] : std::string_view();
  const std::string_view user = has_domain ? parts[1] : parts[0];
  std::vector<std::string> out;
  if (domain.size() >= 256) {
    out.push_back("runAsUserName's Domain length must be under 256 characters");
  }
  if (has_domain && !IsNetBiosDomain(domain) && !IsWindowsDnsDomain(domain)) {
    out.push_back("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
  }
  if (user.empty()) {
    out.push_back("runAsUserName's User cannot be empty");
  } else if (user.size() > 104) {
    out.push_back("runAsUserName's User length must not be longer than 104 characters");
  }
  if (!user.empty() && user.find_first_not_of(". ") == std::string_view::npos) {
    out.push_back("runAsUserName's User cannot contain only periods or spaces");
  }
  if (user.find_first_of("\"/\\:;|=,+*?<>@[]") != std::string_view::npos) {
    out.push_back(
        "runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]");
  }
  return out;
}

// validateWindowsSecurityContextOptions.
void ValidateWindowsOptions(const Json& sc, const std::string& path, Causes& causes) {
  const Json* options = ObjectAt(sc, "windowsOptions");
  if (options == nullptr) return;
  const std::string at = Child(path, "windowsOptions");
  if (Find(*options, "gmsaCredentialSpecName") != nullptr) {
    const std::string name = Str(*options, "gmsaCredentialSpecName");
    AddInvalid(causes, Child(at, "gmsaCredentialSpecName"), Json(name),
               apimachinery::IsDns1123Subdomain(name));
  }
  if (Find(*options, "gmsaCredentialSpec") != nullptr) {
    const std::string spec = Str(*options, "gmsaCredentialSpec");
    if (spec.empty()) {
      causes.push_back(FieldInvalid(Child(at, "gmsaCredentialSpec"), Json(spec),
                                    "gmsaCredentialSpec cannot be an empty string"));
    } else if (spec.size() > 64 * 1024) {
      causes.push_back(FieldInvalid(Child(at, "gmsaCredentialSpec"), Json(spec),
                                    "gmsaCredentialSpec size must be under 64 KiB"));
    }
  }
  if (Find(*options, "runAsUserName") != nullptr) {
    const std::string name = Str(*options, "runAsUserName");
    AddInvalid(causes, Child(at, "runAsUserName"), Json(name), RunAsUserNameProblems(name));
  }
}

// The fields of one security context a pod for another OS may not set, in
// upstream's order.
void ForbidFields(const Json* sc, const std::string& path, std::initializer_list<const char*> keys,
                  std::string_view why, Causes& causes) {
  if (sc == nullptr) return;
  for (const char* key : keys) {
    if (Find(*sc, key) != nullptr) causes.push_back(FieldForbidden(Child(path, key), why));
  }
}

// Every container of the spec with its path, init containers first
// (podshelper.VisitContainersWithPath).
template <typename Visit>
void VisitContainers(const Json& spec, std::string_view path, Visit visit) {
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    if (const Json* containers = ArrayAt(spec, list)) {
      for (size_t i = 0; i < containers->size(); ++i) {
        visit((*containers)[i], Index(Child(path, list), i));
      }
    }
  }
}

void ValidateWindowsPod(const Json& spec, std::string_view path, Causes& causes) {
  constexpr std::string_view kWhy = "cannot be set for a windows pod";
  const Json* sc = ObjectAt(spec, "securityContext");
  const std::string sc_path = Child(path, "securityContext");
  ForbidFields(sc, sc_path, {"appArmorProfile", "seLinuxOptions"}, kWhy, causes);
  for (const char* key : {"hostPID", "hostIPC"}) {
    if (Bool(spec, key).value_or(false)) causes.push_back(FieldForbidden(Child(path, key), kWhy));
  }
  ForbidFields(sc, sc_path, {"seccompProfile", "fsGroup", "fsGroupChangePolicy"}, kWhy, causes);
  if (sc != nullptr && Size(*sc, "sysctls") > 0) {
    causes.push_back(FieldForbidden(Child(sc_path, "sysctls"), kWhy));
  }
  if (Find(spec, "shareProcessNamespace") != nullptr) {
    causes.push_back(FieldForbidden(Child(path, "shareProcessNamespace"), kWhy));
  }
  ForbidFields(sc, sc_path, {"runAsUser", "runAsGroup", "supplementalGroups"}, kWhy, causes);
  VisitContainers(spec, path, [&](const Json& c, const std::string& at) {
    ForbidFields(ObjectAt(c, "securityContext"), Child(at, "securityContext"),
                 {"appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities",
                  "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount",
                  "runAsUser", "runAsGroup"},
                 kWhy, causes);
  });
}

void ValidateLinuxPod(const Json& spec, std::string_view path, Causes& causes) {
  constexpr std::string_view kWhy = "windows options cannot be set for a linux pod";
  ForbidFields(ObjectAt(spec, "securityContext"), Child(path, "securityContext"),
               {"windowsOptions"}, kWhy, causes);
  VisitContainers(spec, path, [&](const Json& c, const std::string& at) {
    ForbidFields(ObjectAt(c, "securityContext"), Child(at, "securityContext"), {"windowsOptions"},
                 kWhy, causes);
  });
}

// A securityContext.windowsOptions.hostProcess of `obj`, when set.
std::optional<bool> HostProcess(const Json& obj) {
  const Json* v = FindPath(obj, {"securityContext", "windowsOptions", "hostProcess"});
  if (v == nullptr || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

}  // namespace

void ValidateWindowsHostProcessPod(const Json& spec, std::string_view path, Causes& causes) {
  const std::optional<bool> pod = HostProcess(spec);
  size_t containers = 0;
  size_t host_process = 0;
  VisitContainers(spec, path, [&](const Json& c, const std::string& at) {
    ++containers;
    const std::optional<bool> own = HostProcess(c);
    if (pod.has_value() && own.has_value() && *pod != *own) {
      causes.push_back(FieldInvalid(
          Child(at, "securityContext.windowsOptions.hostProcess"), Json(*own),
          base::StrCat("pod hostProcess value must be identical if both are specified, was ",
                       *pod ? "true" : "false")));
    }
    if (own.value_or(pod.value_or(false))) ++host_process;
  });
  if (host_process == 0) return;
  if (host_process != containers) {
    causes.push_back(FieldInvalid(
        path, Json(""),
        "If pod contains any hostProcess containers then all containers must be HostProcess "
        "containers"));
  }
  const bool host_network = Bool(spec, "hostNetwork").value_or(false);
  if (!host_network) {
    causes.push_back(FieldInvalid(Child(path, "hostNetwork"), Json(false),
                                  "hostNetwork must be true if pod contains any hostProcess "
                                  "containers"));
  }
  // Upstream then forbids hostProcess containers unless the cluster allows
  // privileged ones (kube-apiserver --allow-privileged); wisp always does.
}

void ValidatePodSecurityContext(const Json& spec, std::string_view path, Causes& causes) {
  static const Json kEmpty = Json::object();
  const Json* found = ObjectAt(spec, "securityContext");
  const Json& sc = found != nullptr ? *found : kEmpty;
  const std::string at = Child(path, "securityContext");
  for (const char* key : {"fsGroup", "runAsUser", "runAsGroup"}) {
    ValidateId(sc, key, Child(at, key), causes);
  }
  if (const Json* groups = ArrayAt(sc, "supplementalGroups")) {
    for (size_t g = 0; g < groups->size(); ++g) {
      const Json& gid = (*groups)[g];
      const int64_t id = gid.is_number_integer() ? gid.get<int64_t>() : 0;
      if (id < 0 || id > 2147483647) {
        causes.push_back(FieldInvalid(Index(Child(at, "supplementalGroups"), g), Json(id),
                                      "must be between 0 and 2147483647, inclusive"));
      }
    }
  }
  if (Bool(spec, "shareProcessNamespace").value_or(false) &&
      Bool(spec, "hostPID").value_or(false)) {
    causes.push_back(FieldInvalid(Child(at, "shareProcessNamespace"), Json(true),
                                  "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  if (const Json* sysctls = ArrayAt(sc, "sysctls"); sysctls != nullptr && !sysctls->empty()) {
    ValidateSysctls(*sysctls, spec, Child(at, "sysctls"), causes);
  }
  if (const Json* policy = Find(sc, "fsGroupChangePolicy")) {
    if (*policy != "OnRootMismatch" && *policy != "Always") {
      causes.push_back(FieldNotSupported(Child(at, "fsGroupChangePolicy"), *policy,
                                         {"Always", "OnRootMismatch"}));
    }
  }
  ValidateSeccompProfile(sc, at, causes);
  ValidateWindowsOptions(sc, at, causes);
  ValidateAppArmorProfile(sc, at, causes);
}

void ValidateContainerSecurityContext(const Json& c, const std::string& path, Causes& causes) {
  const Json* sc = ObjectAt(c, "securityContext");
  if (sc == nullptr) return;
  const std::string at = Child(path, "securityContext");
  for (const char* key : {"runAsUser", "runAsGroup"}) ValidateId(*sc, key, Child(at, key), causes);
  // procMount needs the ProcMountType feature, off in v1.32: the pod
  // defaults force any value to "Default" (DropDisabledPodFields).
  ValidateSeccompProfile(*sc, at, causes);
  if (Bool(*sc, "allowPrivilegeEscalation") == std::optional<bool>(false)) {
    if (Bool(*sc, "privileged").value_or(false)) {
      causes.push_back(FieldInvalid(
          at, *sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    if (const Json* add = FindPath(*sc, {"capabilities", "add"}); add && add->is_array()) {
      for (const Json& cap : *add) {
        if (cap == "CAP_SYS_ADMIN") {
          causes.push_back(FieldInvalid(at, *sc,
                                        "cannot set `allowPrivilegeEscalation` to false and "
                                        "`capabilities.Add` CAP_SYS_ADMIN"));
        }
      }
    }
  }
  ValidateWindowsOptions(*sc, at, causes);
  ValidateAppArmorProfile(*sc, at, causes);
}

void ValidatePodOs(const Json& spec, std::string_view path, Causes& causes) {
  const Json* os = ObjectAt(spec, "os");
  if (os == nullptr) return;
  const std::string name = Str(*os, "name");
  if (name.empty()) {
    causes.push_back(FieldRequired(Child(Child(path, "os"), "name"), "cannot be empty"));
  } else if (name == "linux") {
    ValidateLinuxPod(spec, path, causes);
  } else if (name == "windows") {
    ValidateWindowsPod(spec, path, causes);
  } else {
    causes.push_back(FieldNotSupported(Child(path, "os"), Json(name), {"linux", "windows"}));
  }
}

}  // namespace wisp::strategies
