// File: wisp/apiserver/apiserver.h
//
// `wisp apiserver`: the Kubernetes API over HTTPS, stored through the etcd
// v3 API (`wisp datastore` or a real etcd), as a Component:
//
//   Init   validate options, read the token file, check the TLS files exist
//   Start  connect to etcd, load the watch cache, create the default
//          namespaces and the `kubernetes` Service, repair service
//          allocations, start serving HTTPS
//   Ready  serving and the watch cache follows etcd
//   Stop   stop accepting, drain requests, end watches, join threads
//
// Thread-safe per the Component contract.
#pragma once

#include <chrono>

#include <memory>
#include <string>
#include <vector>

#include "wisp/component/component.h"

namespace wisp::apiserver {

struct ApiServerOptions {
  // Addresses to serve on, "host:port"; port 0 picks one (tests).
  std::vector<std::string> listen = {"0.0.0.0:6443"};
  std::string tls_cert_file;    // serving certificate (PEM), required
  std::string tls_key_file;     // its key, required
  std::string client_ca_file;   // CA for x509 client authentication, required
  std::string token_auth_file;  // optional static tokens (CSV)
  // Service-account tokens: public keys (PEM) that verify them, the private
  // key that signs TokenRequest tokens (optional: verify only), the issuer
  // ("iss", an https URL) and the audiences the API accepts (default: the
  // issuer). Without key files service-account tokens are off.
  std::vector<std::string> service_account_key_files;
  std::string service_account_signing_key_file;
  std::string service_account_issuer = "https://kubernetes.default.svc.cluster.local";
  std::vector<std::string> api_audiences;
  // CA that signs approved kubernetes.io/kube-apiserver-client CSRs
  // (optional; both or neither).
  std::string cluster_signing_cert_file, cluster_signing_key_file;
  // etcd: unix:///path, http://host:port or https://host:port.
  std::vector<std::string> etcd_servers;
  std::string etcd_ca_file, etcd_cert_file, etcd_key_file;
  // How often to compact etcd's history (keeping one interval of it);
  // 0 = never (the embedded datastore compacts itself).
  std::chrono::seconds etcd_compaction_interval{300};
  // How long Events are kept after their last write (0 = forever).
  std::chrono::seconds event_ttl{3600};
  std::string service_cidr = "10.96.0.0/12";
  std::string node_port_range = "30000-32767";
  // Address and port published in the `kubernetes` Endpoints; port 0 = the
  // first bound port.
  std::string advertise_address = "127.0.0.1";
  int advertise_port = 0;
  // Threads for request handlers, which block on etcd: the most requests
  // in flight to etcd at once. A create waits for its commit's fsync, so
  // with few threads concurrent writes cannot share a group commit (8
  // threads capped 50 clients at ~3k creates/s, 64 give ~4.2k/s); idle
  // threads cost ~20 KiB each.
  int workers = 64;
};

std::unique_ptr<component::Component> NewApiServer(ApiServerOptions options);

}  // namespace wisp::apiserver
