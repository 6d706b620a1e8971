// File: src/strategies/pod_security_checks.cc
//
// The Pod Security Standards checks (see pod_security_checks.h). Each check
// reproduces upstream's reason and detail text byte for byte: container
// names in visiting order (init, regular, ephemeral), value lists sorted as
// Go sorts strings, "container"/"containers" by count.
#include "strategies/pod_security_checks.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <vector>

#include "strategies/pod_defaults.h"
#include "wisp/base/strings.h"

namespace wisp::strategies::podsecurity::internal {
namespace {

using base::StrCat;
using Names = std::vector<std::string>;
using SortedSet = std::set<std::string>;  // std::less<std::string> orders bytes as Go does

const Json* SecurityContext(const Json& obj) { return ObjectAt(obj, "securityContext"); }

// sc[key] when sc exists and holds an object there.
const Json* ScObject(const Json* sc, std::string_view key) {
  return sc == nullptr ? nullptr : ObjectAt(*sc, key);
}

// Calls fn(container) for every init, regular and ephemeral container, the
// order upstream's visitContainers uses.
template <typename Fn>
void ForEachContainer(const Json& spec, Fn&& fn) {
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Json* containers = ArrayAt(spec, list);
    if (containers == nullptr) continue;
    for (const Json& c : *containers) {
      if (c.is_object()) fn(c);
    }
  }
}

bool IsWindows(const Json& spec) {
  const Json* name = FindPath(spec, {"os", "name"});
  return name != nullptr && name->is_string() && *name == "windows";
}

std::string_view Plural(std::string_view one, std::string_view many, size_t n) {
  return n == 1 ? one : many;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += StrCat(i ? sep : "", items[i]);
  return out;
}

// Upstream's joinQuote: `"a", "b"` with no escaping.
std::string JoinQuote(const std::vector<std::string>& items) {
  return items.empty() ? "" : StrCat("\"", Join(items, "\", \""), "\"");
}

Names List(const SortedSet& set) { return {set.begin(), set.end()}; }

// `container "a"` / `containers "a", "b"`.
std::string ContainersPhrase(const Names& names) {
  return StrCat(Plural("container", "containers", names.size()), " ", JoinQuote(names));
}

// Strings of the array obj[key]; other entries are skipped.
Names StringsAt(const Json* obj, std::string_view key) {
  Names out;
  const Json* items = obj == nullptr ? nullptr : ArrayAt(*obj, key);
  for (size_t i = 0; items != nullptr && i < items->size(); ++i) {
    if ((*items)[i].is_string()) out.push_back((*items)[i].get<std::string>());
  }
  return out;
}

// A string field that is set (a JSON string): upstream's non-nil *string.
std::optional<std::string> SetString(const Json* obj, std::string_view key) {
  const Json* v = obj == nullptr ? nullptr : Find(*obj, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

bool IsTrue(const Json* obj, std::string_view key) {
  return obj != nullptr && Bool(*obj, key) == true;
}

bool IsFalse(const Json* obj, std::string_view key) {
  return obj != nullptr && Bool(*obj, key) == false;
}

Violation Fail(std::string_view reason, std::string detail) {
  return {std::string(reason), std::move(detail)};
}

// "pod and containers "a", "b"": who set a forbidden value.
Names Setters(bool pod, const Names& containers) {
  Names setters;
  if (pod) setters.push_back("pod");
  if (!containers.empty()) setters.push_back(ContainersPhrase(containers));
  return setters;
}

// ---- baseline -------------------------------------------------------------

bool AllowedAppArmorAnnotation(const std::string& v) {
  return v.empty() || v == "runtime/default" || v.starts_with("localhost/");
}

std::optional<Violation> AppArmorProfile(const Json& meta, const Json& spec, int64_t) {
  SortedSet bad_values;
  auto bad_type = [&](const Json* profile) {
    if (profile == nullptr) return false;
    const std::string type = Str(*profile, "type");
    if (type == "RuntimeDefault" || type == "Localhost") return false;
    bad_values.insert(type);
    return true;
  };
  const bool pod = bad_type(ScObject(SecurityContext(spec), "appArmorProfile"));
  Names containers;
  ForEachContainer(spec, [&](const Json& c) {
    if (bad_type(ScObject(SecurityContext(c), "appArmorProfile"))) {
      containers.push_back(Str(c, "name"));
    }
  });
  Names setters = Setters(pod, containers);
  Names annotations;
  if (const Json* all = ObjectAt(meta, "annotations")) {
    for (auto it = all->begin(); it != all->end(); ++it) {
      if (!it.key().starts_with(kAppArmorContainerPrefix)) continue;
      if (!it->is_string() || AllowedAppArmorAnnotation(it->get<std::string>())) continue;
      annotations.push_back(StrCat(it.key(), "=", GoQuote(it->get<std::string>())));
    }
  }
  Names values = List(bad_values);
  if (!annotations.empty()) {
    std::sort(annotations.begin(), annotations.end());
    values.insert(values.end(), annotations.begin(), annotations.end());
    setters.push_back(std::string(Plural("annotation", "annotations", annotations.size())));
  }
  if (setters.empty()) return std::nullopt;
  return Fail(
      Plural("forbidden AppArmor profile", "forbidden AppArmor profiles", values.size()),
      StrCat(Join(setters, " and "), " must not set AppArmor profile type to ", JoinQuote(values)));
}

constexpr std::array<std::string_view, 13> kBaselineCapabilities = {
    "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",      "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT"};

std::optional<Violation> CapabilitiesBaseline(const Json&, const Json& spec, int64_t) {
  Names containers;
  SortedSet caps;
  ForEachContainer(spec, [&](const Json& c) {
    bool bad = false;
    for (const std::string& cap : StringsAt(ScObject(SecurityContext(c), "capabilities"), "add")) {
      if (std::find(kBaselineCapabilities.begin(), kBaselineCapabilities.end(), cap) ==
          kBaselineCapabilities.end()) {
        bad = true;
        caps.insert(cap);
      }
    }
    if (bad) containers.push_back(Str(c, "name"));
  });
  if (containers.empty()) return std::nullopt;
  return Fail("non-default capabilities",
              StrCat(ContainersPhrase(containers), " must not include ", JoinQuote(List(caps)),
                     " in securityContext.capabilities.add"));
}

std::optional<Violation> HostNamespaces(const Json&, const Json& spec, int64_t) {
  Names set;
  for (const char* field : {"hostNetwork", "hostPID", "hostIPC"}) {
    if (IsTrue(&spec, field)) set.push_back(StrCat(field, "=true"));
  }
  if (set.empty()) return std::nullopt;
  return Fail("host namespaces", Join(set, ", "));
}

std::optional<Violation> HostPathVolumes(const Json&, const Json& spec, int64_t) {
  Names volumes;
  if (const Json* all = ArrayAt(spec, "volumes")) {
    for (const Json& v : *all) {
      if (Find(v, "hostPath") != nullptr) volumes.push_back(Str(v, "name"));
    }
  }
  if (volumes.empty()) return std::nullopt;
  return Fail("hostPath volumes",
              StrCat(Plural("volume", "volumes", volumes.size()), " ", JoinQuote(volumes)));
}

std::optional<Violation> HostPorts(const Json&, const Json& spec, int64_t) {
  Names containers;
  SortedSet ports;  // sorted as strings, as upstream's string set is
  ForEachContainer(spec, [&](const Json& c) {
    bool bad = false;
    if (const Json* all = ArrayAt(c, "ports")) {
      for (const Json& p : *all) {
        const int64_t host_port = Int(p, "hostPort").value_or(0);
        if (host_port == 0) continue;
        bad = true;
        ports.insert(std::to_string(host_port));
      }
    }
    if (bad) containers.push_back(Str(c, "name"));
  });
  if (containers.empty()) return std::nullopt;
  return Fail(
      "hostPort",
      StrCat(ContainersPhrase(containers), " ", Plural("uses", "use", containers.size()), " ",
             Plural("hostPort", "hostPorts", ports.size()), " ", Join(List(ports), ", ")));
}

std::optional<Violation> Privileged(const Json&, const Json& spec, int64_t) {
  Names containers;
  ForEachContainer(spec, [&](const Json& c) {
    if (IsTrue(SecurityContext(c), "privileged")) containers.push_back(Str(c, "name"));
  });
  if (containers.empty()) return std::nullopt;
  return Fail("privileged", StrCat(ContainersPhrase(containers),
                                   " must not set securityContext.privileged=true"));
}

std::optional<Violation> ProcMount(const Json&, const Json& spec, int64_t) {
  Names containers;
  SortedSet types;
  ForEachContainer(spec, [&](const Json& c) {
    std::optional<std::string> type = SetString(SecurityContext(c), "procMount");
    if (!type || *type == "Default") return;
    containers.push_back(Str(c, "name"));
    types.insert(*type);
  });
  if (containers.empty()) return std::nullopt;
  return Fail("procMount",
              StrCat(ContainersPhrase(containers), " must not set securityContext.procMount to ",
                     JoinQuote(List(types))));
}

std::optional<Violation> SeLinuxOptions(const Json&, const Json& spec, int64_t minor) {
  SortedSet bad_types;
  bool set_user = false;
  bool set_role = false;
  // container_engine_t is allowed from policy v1.31.
  auto allowed_type = [&](const std::string& t) {
    return t.empty() || t == "container_t" || t == "container_init_t" || t == "container_kvm_t" ||
           (minor >= 31 && t == "container_engine_t");
  };
  auto bad = [&](const Json* opts) {
    if (opts == nullptr) return false;
    bool valid = true;
    const std::string type = Str(*opts, "type");
    if (!allowed_type(type)) {
      valid = false;
      bad_types.insert(type);
    }
    if (!Str(*opts, "user").empty()) {
      valid = false;
      set_user = true;
    }
    if (!Str(*opts, "role").empty()) {
      valid = false;
      set_role = true;
    }
    return !valid;
  };
  const bool pod = bad(ScObject(SecurityContext(spec), "seLinuxOptions"));
  Names containers;
  ForEachContainer(spec, [&](const Json& c) {
    if (bad(ScObject(SecurityContext(c), "seLinuxOptions"))) containers.push_back(Str(c, "name"));
  });
  Names setters = Setters(pod, containers);
  if (setters.empty()) return std::nullopt;
  Names data;
  if (!bad_types.empty()) {
    data.push_back(
        StrCat(Plural("type", "types", bad_types.size()), " ", JoinQuote(List(bad_types))));
  }
  if (set_user) data.push_back("user may not be set");
  if (set_role) data.push_back("role may not be set");
  return Fail("seLinuxOptions",
              StrCat(Join(setters, " and "),
                     " set forbidden securityContext.seLinuxOptions: ", Join(data, "; ")));
}

bool ValidSeccompType(const std::string& type) {
  return type == "RuntimeDefault" || type == "Localhost";
}

// Before v1.19 seccomp was set by annotations.
std::optional<Violation> SeccompAnnotations(const Json& meta, const Json& spec) {
  const Json* annotations = ObjectAt(meta, "annotations");
  SortedSet forbidden;
  auto check = [&](const std::string& key) {
    std::optional<std::string> v = SetString(annotations, key);
    if (!v || *v == "runtime/default" || *v == "docker/default" || v->starts_with("localhost/")) {
      return;
    }
    forbidden.insert(StrCat(key, "=", GoQuote(*v)));
  };
  check(std::string(kSeccompPodAnnotation));
  ForEachContainer(spec,
                   [&](const Json& c) { check(StrCat(kSeccompContainerPrefix, Str(c, "name"))); });
  if (forbidden.empty()) return std::nullopt;
  return Fail("seccompProfile",
              StrCat("forbidden ", Plural("annotation", "annotations", forbidden.size()), " ",
                     Join(List(forbidden), ", ")));
}

// The seccompProfile fields, shared by the baseline check (unset is fine) and
// the restricted one (pod or every container must set a valid type).
std::optional<Violation> SeccompFields(const Json& spec, bool required) {
  SortedSet bad_values;
  bool pod = false;
  bool pod_valid = false;
  if (const Json* profile = ScObject(SecurityContext(spec), "seccompProfile")) {
    const std::string type = Str(*profile, "type");
    pod_valid = ValidSeccompType(type);
    if (!pod_valid) {
      pod = true;
      bad_values.insert(type);
    }
  }
  Names explicitly_bad, implicitly_bad;
  ForEachContainer(spec, [&](const Json& c) {
    if (const Json* profile = ScObject(SecurityContext(c), "seccompProfile")) {
      const std::string type = Str(*profile, "type");
      if (!ValidSeccompType(type)) {
        explicitly_bad.push_back(Str(c, "name"));
        bad_values.insert(type);
      }
    } else if (!pod_valid) {
      implicitly_bad.push_back(Str(c, "name"));
    }
  });
  Names setters = Setters(pod, explicitly_bad);
  if (!setters.empty()) {
    return Fail("seccompProfile", StrCat(Join(setters, " and "),
                                         " must not set securityContext.seccompProfile.type to ",
                                         JoinQuote(List(bad_values))));
  }
  if (!required || implicitly_bad.empty()) return std::nullopt;
  return Fail("seccompProfile",
              StrCat("pod or ", ContainersPhrase(implicitly_bad),
                     " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or "
                     "\"Localhost\""));
}

std::optional<Violation> SeccompBaseline(const Json& meta, const Json& spec, int64_t minor) {
  return minor < 19 ? SeccompAnnotations(meta, spec) : SeccompFields(spec, false);
}

// The safe sysctls and the policy version that first allows each.
constexpr std::pair<std::string_view, int64_t> kSafeSysctls[] = {
    {"kernel.shm_rmid_forced", 0},
    {"net.ipv4.ip_local_port_range", 0},
    {"net.ipv4.tcp_syncookies", 0},
    {"net.ipv4.ping_group_range", 0},
    {"net.ipv4.ip_unprivileged_port_start", 0},
    {"net.ipv4.ip_local_reserved_ports", 27},
    {"net.ipv4.tcp_keepalive_time", 29},
    {"net.ipv4.tcp_fin_timeout", 29},
    {"net.ipv4.tcp_keepalive_intvl", 29},
    {"net.ipv4.tcp_keepalive_probes", 29},
    {"net.ipv4.tcp_rmem", 32},
    {"net.ipv4.tcp_wmem", 32},
};

std::optional<Violation> Sysctls(const Json&, const Json& spec, int64_t minor) {
  Names forbidden;
  const Json* sysctls = FindPath(spec, {"securityContext", "sysctls"});
  for (size_t i = 0; sysctls != nullptr && sysctls->is_array() && i < sysctls->size(); ++i) {
    const std::string name = Str((*sysctls)[i], "name");
    bool safe = false;
    for (const auto& [safe_name, since] : kSafeSysctls) safe |= name == safe_name && minor >= since;
    if (!safe) forbidden.push_back(name);
  }
  if (forbidden.empty()) return std::nullopt;
  return Fail("forbidden sysctls", Join(forbidden, ", "));
}

std::optional<Violation> WindowsHostProcess(const Json&, const Json& spec, int64_t) {
  auto host_process = [](const Json& obj) {
    return IsTrue(ScObject(SecurityContext(obj), "windowsOptions"), "hostProcess");
  };
  Names containers;
  ForEachContainer(spec, [&](const Json& c) {
    if (host_process(c)) containers.push_back(Str(c, "name"));
  });
  Names setters = Setters(host_process(spec), containers);
  if (setters.empty()) return std::nullopt;
  return Fail("hostProcess",
              StrCat(Join(setters, " and "),
                     " must not set securityContext.windowsOptions.hostProcess=true"));
}

// ---- restricted -----------------------------------------------------------

std::optional<Violation> AllowPrivilegeEscalation(const Json&, const Json& spec, int64_t minor) {
  // From v1.25 Windows pods are exempt: the API forbids the field there.
  if (minor >= 25 && IsWindows(spec)) return std::nullopt;
  Names containers;
  ForEachContainer(spec, [&](const Json& c) {
    if (!IsFalse(SecurityContext(c), "allowPrivilegeEscalation")) {
      containers.push_back(Str(c, "name"));
    }
  });
  if (containers.empty()) return std::nullopt;
  return Fail("allowPrivilegeEscalation != false",
              StrCat(ContainersPhrase(containers),
                     " must set securityContext.allowPrivilegeEscalation=false"));
}

std::optional<Violation> CapabilitiesRestricted(const Json&, const Json& spec, int64_t minor) {
  if (minor >= 25 && IsWindows(spec)) return std::nullopt;
  Names missing_drop_all, adding_forbidden;
  SortedSet forbidden;
  ForEachContainer(spec, [&](const Json& c) {
    const Json* caps = ScObject(SecurityContext(c), "capabilities");
    if (caps == nullptr) {
      missing_drop_all.push_back(Str(c, "name"));
      return;
    }
    const Names drop = StringsAt(caps, "drop");
    if (std::find(drop.begin(), drop.end(), "ALL") == drop.end()) {
      missing_drop_all.push_back(Str(c, "name"));
    }
    bool bad = false;
    for (const std::string& cap : StringsAt(caps, "add")) {
      if (cap == "NET_BIND_SERVICE") continue;
      bad = true;
      forbidden.insert(cap);
    }
    if (bad) adding_forbidden.push_back(Str(c, "name"));
  });
  Names details;
  if (!missing_drop_all.empty()) {
    details.push_back(StrCat(ContainersPhrase(missing_drop_all),
                             " must set securityContext.capabilities.drop=[\"ALL\"]"));
  }
  if (!adding_forbidden.empty()) {
    details.push_back(StrCat(ContainersPhrase(adding_forbidden), " must not include ",
                             JoinQuote(List(forbidden)), " in securityContext.capabilities.add"));
  }
  if (details.empty()) return std::nullopt;
  return Fail("unrestricted capabilities", Join(details, "; "));
}

// Volume sources the restricted level allows (v1.32: no image volumes yet).
constexpr std::string_view kAllowedVolumeSources[] = {
    "configMap", "csi",   "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
    "projected", "secret"};

// The restricted sources upstream names; anything else is "unknown".
constexpr std::array<std::string_view, 21> kNamedVolumeSources = {"hostPath",
                                                                  "gcePersistentDisk",
                                                                  "awsElasticBlockStore",
                                                                  "gitRepo",
                                                                  "nfs",
                                                                  "iscsi",
                                                                  "glusterfs",
                                                                  "rbd",
                                                                  "flexVolume",
                                                                  "cinder",
                                                                  "cephfs",
                                                                  "flocker",
                                                                  "fc",
                                                                  "azureFile",
                                                                  "vsphereVolume",
                                                                  "quobyte",
                                                                  "azureDisk",
                                                                  "photonPersistentDisk",
                                                                  "portworxVolume",
                                                                  "scaleIO",
                                                                  "storageos"};

std::optional<Violation> RestrictedVolumes(const Json&, const Json& spec, int64_t) {
  Names volumes;
  SortedSet types;
  const Json* all = ArrayAt(spec, "volumes");
  for (size_t i = 0; all != nullptr && i < all->size(); ++i) {
    const Json& v = (*all)[i];
    if (!v.is_object()) continue;
    bool allowed = false;
    for (std::string_view source : kAllowedVolumeSources) allowed |= Find(v, source) != nullptr;
    if (allowed) continue;
    volumes.push_back(Str(v, "name"));
    std::string_view type = "unknown";
    for (std::string_view source : kNamedVolumeSources) {
      if (Find(v, source) != nullptr) {
        type = source;
        break;
      }
    }
    types.insert(std::string(type));
  }
  if (volumes.empty()) return std::nullopt;
  return Fail("restricted volume types",
              StrCat(Plural("volume", "volumes", volumes.size()), " ", JoinQuote(volumes), " ",
                     Plural("uses", "use", volumes.size()), " ",
                     Plural("restricted volume type", "restricted volume types", types.size()), " ",
                     JoinQuote(List(types))));
}

std::optional<Violation> RunAsNonRoot(const Json&, const Json& spec, int64_t) {
  const Json* pod_sc = SecurityContext(spec);
  const bool pod_false = IsFalse(pod_sc, "runAsNonRoot");
  const bool pod_true = IsTrue(pod_sc, "runAsNonRoot");
  Names explicitly_bad, implicitly_bad;
  ForEachContainer(spec, [&](const Json& c) {
    const Json* sc = SecurityContext(c);
    if (sc != nullptr && Bool(*sc, "runAsNonRoot").has_value()) {
      if (IsFalse(sc, "runAsNonRoot")) explicitly_bad.push_back(Str(c, "name"));
    } else if (!pod_true) {
      implicitly_bad.push_back(Str(c, "name"));
    }
  });
  Names setters = Setters(pod_false, explicitly_bad);
  if (!setters.empty()) {
    return Fail("runAsNonRoot != true",
                StrCat(Join(setters, " and "), " must not set securityContext.runAsNonRoot=false"));
  }
  if (implicitly_bad.empty()) return std::nullopt;
  return Fail("runAsNonRoot != true", StrCat("pod or ", ContainersPhrase(implicitly_bad),
                                             " must set securityContext.runAsNonRoot=true"));
}

std::optional<Violation> RunAsUser(const Json&, const Json& spec, int64_t) {
  auto root = [](const Json* sc) { return sc != nullptr && Int(*sc, "runAsUser") == 0; };
  Names containers;
  ForEachContainer(spec, [&](const Json& c) {
    if (root(SecurityContext(c))) containers.push_back(Str(c, "name"));
  });
  Names setters = Setters(root(SecurityContext(spec)), containers);
  if (setters.empty()) return std::nullopt;
  return Fail("runAsUser=0", StrCat(Join(setters, " and "), " must not set runAsUser=0"));
}

std::optional<Violation> SeccompRestricted(const Json&, const Json& spec, int64_t minor) {
  if (minor >= 25 && IsWindows(spec)) return std::nullopt;
  return SeccompFields(spec, true);
}

// Sorted by ID within each level (Go's byte order: "seLinuxOptions" sorts
// before "seccompProfile_baseline").
constexpr CheckDef kChecks[] = {
    {"appArmorProfile", Level::kBaseline, 0, "", AppArmorProfile},
    {"capabilities_baseline", Level::kBaseline, 0, "", CapabilitiesBaseline},
    {"hostNamespaces", Level::kBaseline, 0, "", HostNamespaces},
    {"hostPathVolumes", Level::kBaseline, 0, "", HostPathVolumes},
    {"hostPorts", Level::kBaseline, 0, "", HostPorts},
    {"privileged", Level::kBaseline, 0, "", Privileged},
    {"procMount", Level::kBaseline, 0, "", ProcMount},
    {"seLinuxOptions", Level::kBaseline, 0, "", SeLinuxOptions},
    {"seccompProfile_baseline", Level::kBaseline, 0, "", SeccompBaseline},
    {"sysctls", Level::kBaseline, 0, "", Sysctls},
    {"windowsHostProcess", Level::kBaseline, 0, "", WindowsHostProcess},
    {"allowPrivilegeEscalation", Level::kRestricted, 8, "", AllowPrivilegeEscalation},
    {"capabilities_restricted", Level::kRestricted, 22, "capabilities_baseline",
     CapabilitiesRestricted},
    {"restrictedVolumes", Level::kRestricted, 0, "hostPathVolumes", RestrictedVolumes},
    {"runAsNonRoot", Level::kRestricted, 0, "", RunAsNonRoot},
    {"runAsUser", Level::kRestricted, 23, "", RunAsUser},
    {"seccompProfile_restricted", Level::kRestricted, 19, "seccompProfile_baseline",
     SeccompRestricted},
};

// Length of the valid UTF-8 sequence at s[i], 0 when invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  const bool invalid = cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF);
  return overlong || invalid ? 0 : n;
}

}  // namespace

std::span<const CheckDef> AllChecks() { return kChecks; }

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Go's short escapes; other control bytes become \xNN below.
    constexpr std::string_view kShort = "\"\\\a\b\f\n\r\t\v";
    constexpr std::string_view kLetter = "\"\\abfnrtv";
    const size_t pos = c < 0x80 ? kShort.find(static_cast<char>(c)) : std::string_view::npos;
    size_t n = c >= 0x80 ? Utf8Length(s, i) : 0;
    if (pos != std::string_view::npos) {
      out += {'\\', kLetter[pos]};
    } else if (n > 0) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace wisp::strategies::podsecurity::internal
