#include "wisp/tls/kubeconfig.h"

#include <cstdio>

#include "absl/strings/escaping.h"
#include "wisp/base/strings.h"

namespace wisp::tls {
namespace {

// A YAML double-quoted scalar: safe for any name (colons, '@', spaces).
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out.append(buf);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

std::string Base64(const std::string& s) { return absl::Base64Escape(s); }

absl::Status Validate(const KubeconfigParams& p) {
  auto missing = [](std::string_view field) {
    return absl::InvalidArgumentError(base::StrCat("kubeconfig: ", field, " is required"));
  };
  if (p.cluster_name.empty()) return missing("cluster_name");
  if (p.server.empty()) return missing("server");
  if (p.ca_cert_pem.empty()) return missing("ca_cert_pem");
  if (p.user_name.empty()) return missing("user_name");
  if (p.client_cert_pem.empty() != p.client_key_pem.empty()) {
    return absl::InvalidArgumentError(
        "kubeconfig: client_cert_pem and client_key_pem must be given together");
  }
  bool has_cert = !p.client_cert_pem.empty();
  bool has_token = !p.token.empty();
  if (has_cert == has_token) {
    return absl::InvalidArgumentError(
        "kubeconfig: give exactly one credential: client_cert_pem + client_key_pem, or token");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> RenderKubeconfig(const KubeconfigParams& p) {
  if (absl::Status st = Validate(p); !st.ok()) return st;
  std::string context =
      p.context_name.empty() ? base::StrCat(p.user_name, "@", p.cluster_name) : p.context_name;
  std::string out = "apiVersion: v1\nkind: Config\n";
  out += "clusters:\n";
  out += base::StrCat("- name: ", Quote(p.cluster_name), "\n");
  out += "  cluster:\n";
  out += base::StrCat("    certificate-authority-data: ", Base64(p.ca_cert_pem), "\n");
  out += base::StrCat("    server: ", Quote(p.server), "\n");
  out += "users:\n";
  out += base::StrCat("- name: ", Quote(p.user_name), "\n");
  out += "  user:\n";
  if (p.token.empty()) {
    out += base::StrCat("    client-certificate-data: ", Base64(p.client_cert_pem), "\n");
    out += base::StrCat("    client-key-data: ", Base64(p.client_key_pem), "\n");
  } else {
    out += base::StrCat("    token: ", Quote(p.token), "\n");
  }
  out += "contexts:\n";
  out += base::StrCat("- name: ", Quote(context), "\n");
  out += "  context:\n";
  out += base::StrCat("    cluster: ", Quote(p.cluster_name), "\n");
  out += base::StrCat("    user: ", Quote(p.user_name), "\n");
  out += base::StrCat("current-context: ", Quote(context), "\n");
  out += "preferences: {}\n";
  return out;
}

}  // namespace wisp::tls
