// File: wisp/worker/containerd_config.h
//
// The containerd configuration (TOML, config version 2) that `wisp worker`
// generates: containerd's root, state and socket under wisp's own dirs (never
// /var/lib/containerd or /run/containerd), the CRI plugin with wisp's pause
// image, the chosen snapshotter, the node's CNI dirs and a registry hosts dir.
// Pure functions; thread-safe.
#pragma once

#include <string>

namespace wisp::worker {

struct ContainerdConfig {
  std::string root;                       // <data-dir>/containerd
  std::string state;                      // <run-dir>/containerd
  std::string address;                    // <run-dir>/containerd/containerd.sock
  std::string sandbox_image;              // wisp's pause image reference.
  std::string snapshotter = "overlayfs";  // Or "native" where overlay cannot mount.
  std::string cni_bin_dir;                // e.g. /usr/lib/cni
  std::string cni_conf_dir;               // <data-dir>/cni/net.d
  std::string registry_config_path;       // <data-dir>/containerd/certs.d (hosts.toml per registry)
  bool systemd_cgroup = false;            // runc's SystemdCgroup: only when systemd is PID 1.
  // Cap pods' oom_score_adj at containerd's own where the host forbids
  // lowering it (some VMs and sandboxes); else sandboxes fail to start.
  bool restrict_oom_score_adj = false;
};

// Renders `config` as containerd's config.toml. Strings are TOML-escaped.
std::string RenderContainerdConfig(const ContainerdConfig& config);

// Quotes `s` as a TOML basic string.
std::string TomlString(const std::string& s);

}  // namespace wisp::worker
