#include "wisp/tls/pki.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>

#include "tls_test_util.h"
#include "wisp/base/files.h"
#include "wisp/tls/certificate.h"

namespace wisp::tls {
namespace {

using testing::FileMode;
using testing::VerifyChain;

const std::vector<std::string> kKeys = {"ca.key",
                                        "apiserver.key",
                                        "admin.key",
                                        "scheduler.key",
                                        "controller-manager.key",
                                        "apiserver-kubelet-client.key",
                                        "apiserver-etcd-client.key",
                                        "sa.key"};
const std::vector<std::string> kPublic = {"ca.crt",
                                          "apiserver.crt",
                                          "admin.crt",
                                          "scheduler.crt",
                                          "controller-manager.crt",
                                          "apiserver-kubelet-client.crt",
                                          "apiserver-etcd-client.crt",
                                          "sa.pub"};

class PkiTest : public ::testing::Test {
 protected:
  PkiOptions Options() const {
    PkiOptions o;
    o.dir = tmp_ / "pki";
    o.cluster_domain = "example.local";
    o.service_cidr = "10.100.0.0/16";
    o.extra_sans = {"api.example.com", "203.0.113.5"};
    o.hostname = "node-1";
    o.host_addresses = std::vector<std::string>{"192.168.1.10", "2001:db8::10"};
    return o;
  }

  std::string Read(const std::string& rel) const {
    absl::StatusOr<std::string> data = base::ReadFile(tmp_ / ("pki/" + rel));
    EXPECT_TRUE(data.ok()) << data.status();
    return data.ok() ? *data : "";
  }

  std::map<std::string, std::string> Snapshot() const {
    std::map<std::string, std::string> out;
    for (const auto& list : {kKeys, kPublic}) {
      for (const std::string& f : list) out[f] = Read(f);
    }
    return out;
  }

  CertificateInfo Inspect(const std::string& rel) const {
    absl::StatusOr<CertificateInfo> info = InspectCertificate(Read(rel));
    EXPECT_TRUE(info.ok()) << rel << ": " << info.status();
    return info.ok() ? *info : CertificateInfo{};
  }

  testing::TempDir tmp_;
};

TEST_F(PkiTest, FirstRunCreatesEveryFileWithExactModes) {
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(Options());
  ASSERT_TRUE(pki.ok()) << pki.status();
  EXPECT_EQ(FileMode(tmp_ / "pki"), 0700);
  for (const std::string& f : kKeys) EXPECT_EQ(FileMode(tmp_ / ("pki/" + f)), 0600) << f;
  for (const std::string& f : kPublic) EXPECT_EQ(FileMode(tmp_ / ("pki/" + f)), 0644) << f;
  EXPECT_EQ(pki->written().size(), kKeys.size() + kPublic.size());
  EXPECT_EQ(pki->CertPath(kAdminName), tmp_ / "pki/admin.crt");
  EXPECT_EQ(pki->KeyPath(kAdminName), tmp_ / "pki/admin.key");
  EXPECT_EQ(pki->ca().cert_pem(), Read("ca.crt"));
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "pki/etcd"));
}

TEST_F(PkiTest, ServingCertificateCoversEveryRequiredName) {
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(Options());
  ASSERT_TRUE(pki.ok()) << pki.status();
  CertificateInfo info = Inspect("apiserver.crt");
  for (const char* dns :
       {"node-1", "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
        "kubernetes.default.svc.example.local", "api.example.com"}) {
    EXPECT_NE(std::find(info.dns_names.begin(), info.dns_names.end(), dns), info.dns_names.end())
        << dns;
  }
  for (const char* ip :
       {"127.0.0.1", "::1", "10.100.0.1", "192.168.1.10", "2001:db8::10", "203.0.113.5"}) {
    EXPECT_NE(std::find(info.ip_addresses.begin(), info.ip_addresses.end(), ip),
              info.ip_addresses.end())
        << ip;
  }
  EXPECT_EQ(info.usages, (Usages{.server_auth = true, .client_auth = false}));
  EXPECT_EQ(pki->apiserver_dns_names(), info.dns_names);
  EXPECT_EQ(pki->apiserver_ip_addresses(), info.ip_addresses);
  EXPECT_EQ(VerifyChain(Read("ca.crt"), Read("apiserver.crt")), X509_V_OK);
  EXPECT_TRUE(CheckKeyMatchesCertificate(Read("apiserver.crt"), Read("apiserver.key")).ok());
}

TEST_F(PkiTest, ClientCertificatesCarryComponentIdentities) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  struct Want {
    const char* file;
    const char* cn;
    std::vector<std::string> orgs;
  };
  for (const Want& w : std::vector<Want>{
           {"admin.crt", "kubernetes-admin", {"system:masters"}},
           {"scheduler.crt", "system:kube-scheduler", {}},
           {"controller-manager.crt", "system:kube-controller-manager", {}},
           {"apiserver-kubelet-client.crt", "kube-apiserver-kubelet-client", {"system:masters"}},
           {"apiserver-etcd-client.crt", "kube-apiserver-etcd-client", {}},
       }) {
    CertificateInfo info = Inspect(w.file);
    EXPECT_EQ(info.common_name, w.cn) << w.file;
    EXPECT_EQ(info.organizations, w.orgs) << w.file;
    EXPECT_EQ(info.usages, (Usages{.server_auth = false, .client_auth = true})) << w.file;
    EXPECT_EQ(VerifyChain(Read("ca.crt"), Read(w.file)), X509_V_OK) << w.file;
  }
}

TEST_F(PkiTest, ServiceAccountKeyPairIsRsa2048AndMatches) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  absl::StatusOr<KeyPair> sa = ParsePrivateKeyPem(Read("sa.key"));
  ASSERT_TRUE(sa.ok()) << sa.status();
  EXPECT_EQ(sa->algorithm, KeyAlgorithm::kRsa2048);
  EXPECT_EQ(sa->public_pem, Read("sa.pub"));
}

TEST_F(PkiTest, SecondRunReusesIdenticalBytes) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  std::map<std::string, std::string> before = Snapshot();
  absl::StatusOr<Pki> again = Pki::LoadOrCreate(Options());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->written().empty());
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(again->ca().cert_pem(), before["ca.crt"]);
}

TEST_F(PkiTest, ReissuesServingCertWhenSansNoLongerCover) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  std::map<std::string, std::string> before = Snapshot();
  PkiOptions o = Options();
  o.extra_sans.push_back("new.example.com");
  o.host_addresses->push_back("192.168.1.11");
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(o);
  ASSERT_TRUE(pki.ok()) << pki.status();
  EXPECT_EQ(pki->written(), std::vector<std::string>{"apiserver.crt"});
  std::map<std::string, std::string> after = Snapshot();
  EXPECT_NE(after["apiserver.crt"], before["apiserver.crt"]);
  after["apiserver.crt"] = before["apiserver.crt"];
  EXPECT_EQ(after, before);  // Same CA, same serving key, nothing else touched.
  CertificateInfo info = Inspect("apiserver.crt");
  EXPECT_NE(std::find(info.dns_names.begin(), info.dns_names.end(), "new.example.com"),
            info.dns_names.end());
  EXPECT_NE(std::find(info.ip_addresses.begin(), info.ip_addresses.end(), "192.168.1.11"),
            info.ip_addresses.end());
  EXPECT_EQ(VerifyChain(Read("ca.crt"), Read("apiserver.crt")), X509_V_OK);
  EXPECT_TRUE(CheckKeyMatchesCertificate(Read("apiserver.crt"), Read("apiserver.key")).ok());
  // Dropping a SAN again does not re-issue: the certificate still covers.
  EXPECT_TRUE(Pki::LoadOrCreate(Options())->written().empty());
}

TEST_F(PkiTest, RenewsLeavesNearExpiryButKeepsTheCa) {
  absl::Time t0 = absl::Now();
  PkiOptions o = Options();
  o.now = [t0] { return t0; };
  ASSERT_TRUE(Pki::LoadOrCreate(o).ok());
  std::map<std::string, std::string> before = Snapshot();
  o.now = [t0] { return t0 + absl::Hours(24 * 340); };
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(o);
  ASSERT_TRUE(pki.ok()) << pki.status();
  EXPECT_EQ(pki->written().size(), 6u);  // Every leaf certificate.
  EXPECT_EQ(Read("ca.crt"), before["ca.crt"]);
  EXPECT_NE(Read("admin.crt"), before["admin.crt"]);
  EXPECT_EQ(Read("admin.key"), before["admin.key"]);
  EXPECT_GT(Inspect("admin.crt").not_after, t0 + absl::Hours(24 * 700));
}

TEST_F(PkiTest, CorruptCaKeyIsAnErrorNamingTheFile) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  std::map<std::string, std::string> before = Snapshot();
  ASSERT_TRUE(base::WriteFileAtomic(tmp_ / "pki/ca.key", "garbage", 0600).ok());
  absl::Status st = Pki::LoadOrCreate(Options()).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_NE(st.message().find(tmp_ / "pki/ca.key"), absl::string_view::npos) << st;
  EXPECT_EQ(Read("ca.crt"), before["ca.crt"]);
  EXPECT_EQ(Read("ca.key"), "garbage");
}

TEST_F(PkiTest, CorruptLeafCertificateIsAnErrorNamingTheFile) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  ASSERT_TRUE(base::WriteFileAtomic(tmp_ / "pki/scheduler.crt", "junk", 0644).ok());
  absl::Status st = Pki::LoadOrCreate(Options()).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_NE(st.message().find("scheduler.crt"), absl::string_view::npos) << st;
  EXPECT_EQ(Read("scheduler.crt"), "junk");
}

TEST_F(PkiTest, MissingKeysAreErrorsNamingTheFile) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  for (const char* key : {"admin.key", "ca.key", "sa.key"}) {
    std::string saved = Read(key);
    ASSERT_EQ(::unlink((tmp_ / ("pki/" + std::string(key))).c_str()), 0);
    absl::Status st = Pki::LoadOrCreate(Options()).status();
    EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << key << ": " << st;
    EXPECT_NE(st.message().find(tmp_ / ("pki/" + std::string(key))), absl::string_view::npos) << st;
    ASSERT_TRUE(base::WriteFileAtomic(tmp_ / ("pki/" + std::string(key)), saved, 0600).ok());
  }
  EXPECT_TRUE(Pki::LoadOrCreate(Options()).ok());
}

TEST_F(PkiTest, MissingCertificateIsIssuedForTheExistingKey) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  std::string key = Read("admin.key");
  ASSERT_EQ(::unlink((tmp_ / "pki/admin.crt").c_str()), 0);
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(Options());
  ASSERT_TRUE(pki.ok()) << pki.status();
  EXPECT_EQ(pki->written(), std::vector<std::string>{"admin.crt"});
  EXPECT_EQ(Read("admin.key"), key);
  EXPECT_TRUE(CheckKeyMatchesCertificate(Read("admin.crt"), key).ok());
}

TEST_F(PkiTest, LeafFromAnotherCaIsReissuedForItsKey) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  absl::StatusOr<CertificateAuthority> other = CertificateAuthority::Create("other");
  ASSERT_TRUE(other.ok());
  CertRequest r;
  r.common_name = "system:kube-scheduler";
  r.usages.client_auth = true;
  absl::StatusOr<IssuedCertificate> foreign = other->Issue(r);
  ASSERT_TRUE(foreign.ok());
  ASSERT_TRUE(base::WriteFileAtomic(tmp_ / "pki/scheduler.crt", foreign->cert_pem).ok());
  ASSERT_TRUE(
      base::WriteFileAtomic(tmp_ / "pki/scheduler.key", foreign->key.private_pem, 0600).ok());
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(Options());
  ASSERT_TRUE(pki.ok()) << pki.status();
  EXPECT_EQ(pki->written(), std::vector<std::string>{"scheduler.crt"});
  EXPECT_EQ(VerifyChain(Read("ca.crt"), Read("scheduler.crt")), X509_V_OK);
  EXPECT_EQ(Read("scheduler.key"), foreign->key.private_pem);
  EXPECT_TRUE(CheckKeyMatchesCertificate(Read("scheduler.crt"), Read("scheduler.key")).ok());
}

TEST_F(PkiTest, TurningOnEtcdPkiMovesTheEtcdClientToTheEtcdCa) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  std::string key = Read("apiserver-etcd-client.key");
  PkiOptions o = Options();
  o.etcd_pki = true;
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(o);
  ASSERT_TRUE(pki.ok()) << pki.status();
  EXPECT_EQ(VerifyChain(Read("etcd/ca.crt"), Read("apiserver-etcd-client.crt")), X509_V_OK);
  EXPECT_EQ(Read("apiserver-etcd-client.key"), key);
}

TEST_F(PkiTest, MismatchedLeafKeyIsAnError) {
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  ASSERT_TRUE(base::WriteFileAtomic(tmp_ / "pki/admin.key", Read("scheduler.key"), 0600).ok());
  absl::Status st = Pki::LoadOrCreate(Options()).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_NE(st.message().find("admin.crt"), absl::string_view::npos) << st;
}

TEST_F(PkiTest, TightensAnExistingDirectory) {
  ASSERT_EQ(::mkdir((tmp_ / "pki").c_str(), 0755), 0);
  ASSERT_TRUE(Pki::LoadOrCreate(Options()).ok());
  EXPECT_EQ(FileMode(tmp_ / "pki"), 0700);
}

TEST_F(PkiTest, EtcdPkiIsSeparate) {
  PkiOptions o = Options();
  o.etcd_pki = true;
  ASSERT_TRUE(Pki::LoadOrCreate(o).ok());
  EXPECT_EQ(FileMode(tmp_ / "pki/etcd"), 0700);
  for (const char* f : {"etcd/ca.key", "etcd/server.key", "etcd/peer.key"}) {
    EXPECT_EQ(FileMode(tmp_ / ("pki/" + std::string(f))), 0600) << f;
  }
  EXPECT_EQ(VerifyChain(Read("etcd/ca.crt"), Read("etcd/server.crt")), X509_V_OK);
  EXPECT_EQ(VerifyChain(Read("etcd/ca.crt"), Read("etcd/peer.crt")), X509_V_OK);
  EXPECT_EQ(VerifyChain(Read("etcd/ca.crt"), Read("apiserver-etcd-client.crt")), X509_V_OK);
  EXPECT_NE(VerifyChain(Read("ca.crt"), Read("apiserver-etcd-client.crt")), X509_V_OK);
  CertificateInfo server = Inspect("etcd/server.crt");
  EXPECT_EQ(server.common_name, "node-1");
  EXPECT_EQ(server.usages, (Usages{.server_auth = true, .client_auth = true}));
  EXPECT_NE(std::find(server.ip_addresses.begin(), server.ip_addresses.end(), "127.0.0.1"),
            server.ip_addresses.end());
  EXPECT_TRUE(Pki::LoadOrCreate(o)->written().empty());
}

TEST_F(PkiTest, RejectsBadOptions) {
  PkiOptions o = Options();
  o.service_cidr = "10.96.0.0";
  EXPECT_EQ(Pki::LoadOrCreate(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = Options();
  o.extra_sans = {"not valid"};
  EXPECT_EQ(Pki::LoadOrCreate(o).status().code(), absl::StatusCode::kInvalidArgument);
  o = Options();
  o.dir.clear();
  EXPECT_EQ(Pki::LoadOrCreate(o).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "pki"));
}

TEST_F(PkiTest, ClientKubeconfigUsesTheCertificateIdentity) {
  absl::StatusOr<Pki> pki = Pki::LoadOrCreate(Options());
  ASSERT_TRUE(pki.ok());
  absl::StatusOr<std::string> kc = pki->ClientKubeconfig(kAdminName, "https://10.0.0.1:6443");
  ASSERT_TRUE(kc.ok()) << kc.status();
  EXPECT_NE(kc->find("- name: \"kubernetes-admin\""), std::string::npos) << *kc;
  EXPECT_NE(kc->find("server: \"https://10.0.0.1:6443\""), std::string::npos);
  EXPECT_FALSE(pki->ClientKubeconfig("nope", "https://x").ok());
}

}  // namespace
}  // namespace wisp::tls
