// File: wisp/tls/kubeconfig.h
//
// Renders a kubeconfig file (clientcmd v1 format) that kubectl and client
// libraries read: one cluster, one user, one context, selected as current.
//
//   apiVersion: v1
//   kind: Config
//   clusters: [{name, cluster: {certificate-authority-data, server}}]
//   users:    [{name, user: {client-certificate-data, client-key-data} | {token}}]
//   contexts: [{name, context: {cluster, user}}]
//   current-context: <context>
//
// The output carries credentials: write it 0600 and never log it.
// Thread-safe (pure function).
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace wisp::tls {

struct KubeconfigParams {
  std::string cluster_name = "wisp";
  std::string server;           // Required: https://host:port.
  std::string ca_cert_pem;      // Required.
  std::string user_name;        // Required.
  std::string client_cert_pem;  // With client_key_pem, or ...
  std::string client_key_pem;
  std::string token;         // ... a bearer token.
  std::string context_name;  // Default: <user_name>@<cluster_name>.
};

// InvalidArgument naming the field if a required one is empty, if neither or
// both of (client cert + key) and token are given, or if only one of the
// cert/key pair is.
absl::StatusOr<std::string> RenderKubeconfig(const KubeconfigParams& params);

}  // namespace wisp::tls
