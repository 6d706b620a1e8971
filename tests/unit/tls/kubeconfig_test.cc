#include "wisp/tls/kubeconfig.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"

namespace wisp::tls {
namespace {

KubeconfigParams CertParams() {
  KubeconfigParams p;
  p.server = "https://10.0.0.1:6443";
  p.ca_cert_pem = "CA PEM\n";
  p.user_name = "kubernetes-admin";
  p.client_cert_pem = "CERT PEM\n";
  p.client_key_pem = "KEY PEM\n";
  return p;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(KubeconfigTest, RendersClientCertificateConfig) {
  absl::StatusOr<std::string> out = RenderKubeconfig(CertParams());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->rfind("apiVersion: v1\nkind: Config\n", 0), 0u) << *out;
  EXPECT_TRUE(
      Contains(*out, "    certificate-authority-data: " + absl::Base64Escape("CA PEM\n") + "\n"));
  EXPECT_TRUE(Contains(*out, "    server: \"https://10.0.0.1:6443\"\n"));
  EXPECT_TRUE(
      Contains(*out, "    client-certificate-data: " + absl::Base64Escape("CERT PEM\n") + "\n"));
  EXPECT_TRUE(Contains(*out, "    client-key-data: " + absl::Base64Escape("KEY PEM\n") + "\n"));
  EXPECT_TRUE(Contains(*out, "current-context: \"kubernetes-admin@wisp\"\n"));
  EXPECT_TRUE(Contains(*out, "- name: \"wisp\"\n  cluster:\n"));
  EXPECT_FALSE(Contains(*out, "token"));
  EXPECT_FALSE(Contains(*out, "KEY PEM"));  // Only base64 of the key appears.
}

TEST(KubeconfigTest, RendersTokenConfigAndQuotesNames) {
  KubeconfigParams p = CertParams();
  p.client_cert_pem.clear();
  p.client_key_pem.clear();
  p.token = "abc.def\"\\";
  p.user_name = "system:kube-scheduler";
  p.context_name = "ctx";
  absl::StatusOr<std::string> out = RenderKubeconfig(p);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(Contains(*out, "    token: \"abc.def\\\"\\\\\"\n")) << *out;
  EXPECT_TRUE(Contains(*out, "- name: \"system:kube-scheduler\"\n  user:\n"));
  EXPECT_TRUE(Contains(*out, "current-context: \"ctx\"\n"));
  EXPECT_FALSE(Contains(*out, "client-certificate-data"));
}

TEST(KubeconfigTest, RejectsMissingOrAmbiguousCredentials) {
  KubeconfigParams p = CertParams();
  p.server.clear();
  absl::Status st = RenderKubeconfig(p).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("server"), absl::string_view::npos) << st;

  p = CertParams();
  p.token = "t";
  EXPECT_EQ(RenderKubeconfig(p).status().code(), absl::StatusCode::kInvalidArgument);

  p = CertParams();
  p.client_key_pem.clear();
  st = RenderKubeconfig(p).status();
  EXPECT_NE(st.message().find("together"), absl::string_view::npos) << st;

  p = CertParams();
  p.client_cert_pem.clear();
  p.client_key_pem.clear();
  EXPECT_EQ(RenderKubeconfig(p).status().code(), absl::StatusCode::kInvalidArgument);

  p = CertParams();
  p.ca_cert_pem.clear();
  EXPECT_EQ(RenderKubeconfig(p).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace wisp::tls
