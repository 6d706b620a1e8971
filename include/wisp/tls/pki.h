// File: wisp/tls/pki.h
//
// The cluster PKI under <data-dir>/pki (design.md §4), created on the first
// start and reused afterwards:
//
//   pki/                                 0700
//     ca.crt ca.key                      cluster CA (10 years)
//     apiserver.crt/.key                 serving: host names and addresses,
//                                        127.0.0.1 ::1 localhost kubernetes
//                                        kubernetes.default[.svc[.<domain>]],
//                                        first service IP, extra SANs
//     admin.crt/.key                     CN kubernetes-admin, O system:masters
//     scheduler.crt/.key                 CN system:kube-scheduler
//     controller-manager.crt/.key        CN system:kube-controller-manager
//     apiserver-kubelet-client.crt/.key  CN kube-apiserver-kubelet-client,
//                                        O system:masters
//     apiserver-etcd-client.crt/.key     CN kube-apiserver-etcd-client
//                                        (signed by etcd/ca when etcd_pki)
//     sa.key sa.pub                      service-account token key pair
//     etcd/ (only with etcd_pki)         ca, server, peer
//
// Private keys are 0600, certificates and sa.pub 0644, all written
// atomically. LoadOrCreate is idempotent:
//   - files that exist are loaded and checked (parse, key matches its
//     certificate, CA still valid) and never rewritten, with one exception: a
//     stale leaf certificate -- not signed by its current CA, subject, usages
//     or SANs that no longer match what the options ask for, or expiring
//     within `renew_before` -- is re-issued from the existing CA for its
//     existing key (the key file is never touched);
//   - a missing certificate is issued (with the existing key, if any);
//   - a certificate without its key, a CA key without its certificate, or a
//     corrupt file is an error naming the file; nothing is overwritten.
//
// Not thread-safe against concurrent LoadOrCreate on the same directory (the
// controller holds its lock file). A Pki value is immutable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "wisp/tls/ca.h"
#include "wisp/tls/key.h"

namespace wisp::tls {

// File stems under the PKI directory: <stem>.crt and <stem>.key.
inline constexpr std::string_view kCaName = "ca";
inline constexpr std::string_view kApiServerName = "apiserver";
inline constexpr std::string_view kAdminName = "admin";
inline constexpr std::string_view kSchedulerName = "scheduler";
inline constexpr std::string_view kControllerManagerName = "controller-manager";
inline constexpr std::string_view kApiServerKubeletClientName = "apiserver-kubelet-client";
inline constexpr std::string_view kApiServerEtcdClientName = "apiserver-etcd-client";
inline constexpr std::string_view kEtcdCaName = "etcd/ca";
inline constexpr std::string_view kEtcdServerName = "etcd/server";
inline constexpr std::string_view kEtcdPeerName = "etcd/peer";
inline constexpr std::string_view kServiceAccountKeyFile = "sa.key";
inline constexpr std::string_view kServiceAccountPubFile = "sa.pub";

struct PkiOptions {
  std::string dir;  // Required; normally <data-dir>/pki.
  std::string cluster_domain = "cluster.local";
  std::string service_cidr = "10.96.0.0/12";  // Its first IP is a serving SAN.
  std::vector<std::string> extra_sans;        // spec.api.sans, address, externalAddress.
  std::optional<std::string> hostname;        // Default: HostName().
  std::optional<std::vector<std::string>> host_addresses;  // Default: HostAddresses().
  KeyAlgorithm key_algorithm = KeyAlgorithm::kEcdsaP256;   // CAs and leaves.
  KeyAlgorithm sa_key_algorithm = KeyAlgorithm::kRsa2048;
  bool etcd_pki = false;  // Also create etcd/{ca,server,peer}.
  absl::Duration renew_before = absl::Hours(24 * 30);
  std::function<absl::Time()> now = [] { return absl::Now(); };  // Wall clock.
};

class Pki {
 public:
  // Creates what is missing under options.dir and checks what exists (see
  // the file comment).
  static absl::StatusOr<Pki> LoadOrCreate(const PkiOptions& options);

  const std::string& dir() const { return dir_; }
  // <dir>/<name>.crt and <dir>/<name>.key for a name above (kAdminName, ...).
  std::string CertPath(std::string_view name) const;
  std::string KeyPath(std::string_view name) const;
  std::string ServiceAccountKeyPath() const;
  std::string ServiceAccountPubPath() const;

  const CertificateAuthority& ca() const { return ca_; }
  // The serving certificate's SANs as LoadOrCreate required them.
  const std::vector<std::string>& apiserver_dns_names() const { return dns_names_; }
  const std::vector<std::string>& apiserver_ip_addresses() const { return ip_addresses_; }

  // Files (relative to dir) this call wrote: created or re-issued. Empty on
  // a clean reuse. For logging.
  const std::vector<std::string>& written() const { return written_; }

  // Renders a kubeconfig for the client certificate `name` (e.g. kAdminName)
  // against `server` (https://host:port), reading the files.
  absl::StatusOr<std::string> ClientKubeconfig(std::string_view name,
                                               std::string_view server) const;

 private:
  Pki(std::string dir, CertificateAuthority ca) : dir_(std::move(dir)), ca_(std::move(ca)) {}

  std::string dir_;
  CertificateAuthority ca_;
  std::vector<std::string> dns_names_;
  std::vector<std::string> ip_addresses_;
  std::vector<std::string> written_;
};

}  // namespace wisp::tls
