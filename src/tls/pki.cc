#include "wisp/tls/pki.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"
#include "wisp/tls/certificate.h"
#include "wisp/tls/kubeconfig.h"
#include "wisp/tls/sans.h"

namespace wisp::tls {
namespace {

constexpr int kDirMode = 0700;
constexpr int kKeyMode = 0600;
constexpr int kPublicMode = 0644;

// A leaf certificate the PKI keeps: <name>.crt/.key, signed by the cluster CA
// or (etcd_signed) by etcd/ca.
struct LeafSpec {
  std::string_view name;
  CertRequest request;
  bool etcd_signed = false;
};

CertRequest ClientRequest(std::string cn, std::vector<std::string> orgs = {}) {
  CertRequest r;
  r.common_name = std::move(cn);
  r.organizations = std::move(orgs);
  r.usages.client_auth = true;
  return r;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// True if every entry of `want` is in `have` (DNS names case-insensitively).
bool Covers(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  return std::all_of(want.begin(), want.end(), [&](const std::string& w) {
    return std::any_of(have.begin(), have.end(),
                       [&](const std::string& h) { return Lower(h) == Lower(w); });
  });
}

// The host's identity (overridable in the options) plus the fixed local names.
absl::StatusOr<SubjectAltNames> HostSans(const PkiOptions& opt) {
  std::string hostname;
  if (opt.hostname.has_value()) {
    hostname = *opt.hostname;
  } else {
    absl::StatusOr<std::string> h = HostName();
    if (!h.ok()) return h.status();
    hostname = *std::move(h);
  }
  std::vector<std::string> addresses;
  if (opt.host_addresses.has_value()) {
    addresses = *opt.host_addresses;
  } else {
    absl::StatusOr<std::vector<std::string>> a = HostAddresses();
    if (!a.ok()) return a.status();
    addresses = *std::move(a);
  }
  std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
  // A host name that is not a valid DNS name (rare) is simply not a SAN.
  if (IsValidDnsName(hostname)) names.insert(names.begin(), hostname);
  names.insert(names.end(), addresses.begin(), addresses.end());
  return ClassifySans(names);
}

absl::StatusOr<SubjectAltNames> ApiServerSans(const PkiOptions& opt) {
  if (!IsValidDnsName(opt.cluster_domain)) {
    return absl::InvalidArgumentError(
        base::StrCat("cluster domain \"", opt.cluster_domain, "\" is not a DNS name"));
  }
  absl::StatusOr<std::string> service_ip = FirstServiceIp(opt.service_cidr);
  if (!service_ip.ok()) return service_ip.status();
  absl::StatusOr<SubjectAltNames> host = HostSans(opt);
  if (!host.ok()) return host.status();
  std::vector<std::string> names = host->dns_names;
  names.insert(names.end(), {"kubernetes", "kubernetes.default", "kubernetes.default.svc",
                             base::StrCat("kubernetes.default.svc.", opt.cluster_domain)});
  names.insert(names.end(), host->ip_addresses.begin(), host->ip_addresses.end());
  names.push_back(*service_ip);
  names.insert(names.end(), opt.extra_sans.begin(), opt.extra_sans.end());
  return ClassifySans(names);
}

std::vector<LeafSpec> LeafSpecs(const PkiOptions& opt, const SubjectAltNames& api,
                                const SubjectAltNames& host, const std::string& host_cn) {
  CertRequest serving;
  serving.common_name = "kube-apiserver";
  serving.dns_names = api.dns_names;
  serving.ip_addresses = api.ip_addresses;
  serving.usages.server_auth = true;
  std::vector<LeafSpec> specs = {
      {kApiServerName, serving},
      {kAdminName, ClientRequest("kubernetes-admin", {"system:masters"})},
      {kSchedulerName, ClientRequest("system:kube-scheduler")},
      {kControllerManagerName, ClientRequest("system:kube-controller-manager")},
      {kApiServerKubeletClientName,
       ClientRequest("kube-apiserver-kubelet-client", {"system:masters"})},
      {kApiServerEtcdClientName, ClientRequest("kube-apiserver-etcd-client"), opt.etcd_pki},
  };
  if (opt.etcd_pki) {
    CertRequest etcd;
    etcd.common_name = host_cn;
    etcd.dns_names = host.dns_names;
    etcd.ip_addresses = host.ip_addresses;
    etcd.usages = {.server_auth = true, .client_auth = true};
    specs.push_back({kEtcdServerName, etcd, true});
    specs.push_back({kEtcdPeerName, etcd, true});
  }
  return specs;
}

// One LoadOrCreate run over a directory.
class PkiBuilder {
 public:
  explicit PkiBuilder(const PkiOptions& opt) : opt_(opt), now_(opt.now ? opt.now() : absl::Now()) {}

  std::string Path(std::string_view rel) const { return base::StrCat(opt_.dir, "/", rel); }
  std::vector<std::string>& written() { return written_; }

  absl::StatusOr<CertificateAuthority> EnsureCa(std::string_view name, std::string_view cn);
  absl::Status EnsureLeaf(const CertificateAuthority& ca, const LeafSpec& spec);
  absl::Status EnsureServiceAccountKey();

 private:
  // The file's contents, nullopt if it does not exist.
  absl::StatusOr<std::optional<std::string>> ReadIfExists(const std::string& rel) const;
  absl::Status Write(const std::string& rel, std::string_view data, int mode);
  bool NeedsReissue(const CertificateAuthority& ca, const std::string& cert_pem,
                    const CertificateInfo& info, const CertRequest& want) const;

  const PkiOptions& opt_;
  absl::Time now_;
  std::vector<std::string> written_;
};

absl::StatusOr<std::optional<std::string>> PkiBuilder::ReadIfExists(const std::string& rel) const {
  absl::StatusOr<std::string> data = base::ReadFile(Path(rel));
  if (absl::IsNotFound(data.status())) return std::nullopt;
  if (!data.ok()) return data.status();
  return std::optional<std::string>(*std::move(data));
}

absl::Status PkiBuilder::Write(const std::string& rel, std::string_view data, int mode) {
  absl::Status st = base::WriteFileAtomic(Path(rel), data, mode);
  if (st.ok()) written_.push_back(rel);
  return st;
}

// Prefixes `st` with the file it is about.
absl::Status About(const std::string& path, const absl::Status& st) {
  return absl::Status(st.code(), base::StrCat(path, ": ", st.message()));
}

absl::StatusOr<CertificateAuthority> PkiBuilder::EnsureCa(std::string_view name,
                                                          std::string_view cn) {
  std::string crt = base::StrCat(name, ".crt"), key = base::StrCat(name, ".key");
  absl::StatusOr<std::optional<std::string>> cert_pem = ReadIfExists(crt);
  if (!cert_pem.ok()) return cert_pem.status();
  absl::StatusOr<std::optional<std::string>> key_pem = ReadIfExists(key);
  if (!key_pem.ok()) return key_pem.status();
  if (!cert_pem->has_value() && !key_pem->has_value()) {
    absl::StatusOr<CertificateAuthority> ca =
        CertificateAuthority::Create(cn, opt_.key_algorithm, kDefaultCaValidity, now_);
    if (!ca.ok()) return ca.status();
    if (absl::Status st = Write(key, ca->key_pem(), kKeyMode); !st.ok()) return st;
    if (absl::Status st = Write(crt, ca->cert_pem(), kPublicMode); !st.ok()) return st;
    return ca;
  }
  if (!key_pem->has_value()) {
    return absl::FailedPreconditionError(base::StrCat(Path(key), ": CA key is missing but ", crt,
                                                      " exists; refusing to create a new CA"));
  }
  if (!cert_pem->has_value()) {
    return absl::FailedPreconditionError(base::StrCat(Path(crt), ": CA certificate is missing but ",
                                                      key, " exists; refusing to replace it"));
  }
  absl::StatusOr<CertificateInfo> info = InspectCertificate(**cert_pem);
  if (!info.ok()) return About(Path(crt), info.status());
  if (absl::Status st = ParsePrivateKeyPem(**key_pem).status(); !st.ok()) {
    return About(Path(key), st);
  }
  if (info->not_after <= now_) {
    return absl::FailedPreconditionError(
        base::StrCat(Path(crt), ": CA certificate expired at ", absl::FormatTime(info->not_after)));
  }
  absl::StatusOr<CertificateAuthority> ca = CertificateAuthority::Load(**cert_pem, **key_pem);
  if (!ca.ok()) return About(Path(crt), ca.status());
  return ca;
}

// A stale certificate: not signed by the current CA (e.g. etcd_pki turned on
// moves apiserver-etcd-client to etcd/ca), a subject, usage or SAN that no
// longer matches, or close to expiry.
bool PkiBuilder::NeedsReissue(const CertificateAuthority& ca, const std::string& cert_pem,
                              const CertificateInfo& info, const CertRequest& want) const {
  // Verify the chain at a moment inside the leaf's validity: expiry is
  // judged separately, with renew_before.
  absl::Time at = std::clamp(now_, info.not_before, info.not_after);
  return !VerifyCertificate(cert_pem, ca.cert_pem(), at).ok() ||
         info.common_name != want.common_name || info.organizations != want.organizations ||
         info.usages != want.usages || !Covers(info.dns_names, want.dns_names) ||
         !Covers(info.ip_addresses, want.ip_addresses) || info.not_after - now_ < opt_.renew_before;
}

absl::Status PkiBuilder::EnsureLeaf(const CertificateAuthority& ca, const LeafSpec& spec) {
  std::string crt = base::StrCat(spec.name, ".crt"), key = base::StrCat(spec.name, ".key");
  absl::StatusOr<std::optional<std::string>> cert_pem = ReadIfExists(crt);
  if (!cert_pem.ok()) return cert_pem.status();
  absl::StatusOr<std::optional<std::string>> key_pem = ReadIfExists(key);
  if (!key_pem.ok()) return key_pem.status();
  if (!key_pem->has_value()) {
    if (cert_pem->has_value()) {
      return absl::FailedPreconditionError(
          base::StrCat(Path(key), ": private key is missing but ", crt, " exists"));
    }
    absl::StatusOr<IssuedCertificate> issued = ca.Issue(spec.request, opt_.key_algorithm, now_);
    if (!issued.ok()) return issued.status();
    if (absl::Status st = Write(key, issued->key.private_pem, kKeyMode); !st.ok()) return st;
    return Write(crt, issued->cert_pem, kPublicMode);
  }
  absl::StatusOr<KeyPair> pair = ParsePrivateKeyPem(**key_pem);
  if (!pair.ok()) return About(Path(key), pair.status());
  if (cert_pem->has_value()) {
    absl::StatusOr<CertificateInfo> info = InspectCertificate(**cert_pem);
    if (!info.ok()) return About(Path(crt), info.status());
    if (absl::Status st = CheckKeyMatchesCertificate(**cert_pem, **key_pem); !st.ok()) {
      return About(Path(crt), absl::FailedPreconditionError(
                                  base::StrCat("does not match ", key, ": ", st.message())));
    }
    if (!NeedsReissue(ca, **cert_pem, *info, spec.request)) return absl::OkStatus();
  }
  // Missing or stale certificate: (re-)issue it for the existing key.
  absl::StatusOr<std::string> cert = ca.Sign(spec.request, pair->public_pem, now_);
  if (!cert.ok()) return cert.status();
  return Write(crt, *cert, kPublicMode);
}

absl::Status PkiBuilder::EnsureServiceAccountKey() {
  std::string key(kServiceAccountKeyFile), pub(kServiceAccountPubFile);
  absl::StatusOr<std::optional<std::string>> key_pem = ReadIfExists(key);
  if (!key_pem.ok()) return key_pem.status();
  absl::StatusOr<std::optional<std::string>> pub_pem = ReadIfExists(pub);
  if (!pub_pem.ok()) return pub_pem.status();
  if (!key_pem->has_value()) {
    if (pub_pem->has_value()) {
      return absl::FailedPreconditionError(
          base::StrCat(Path(key), ": service-account key is missing but ", pub, " exists"));
    }
    absl::StatusOr<KeyPair> pair = GenerateKeyPair(opt_.sa_key_algorithm);
    if (!pair.ok()) return pair.status();
    if (absl::Status st = Write(key, pair->private_pem, kKeyMode); !st.ok()) return st;
    return Write(pub, pair->public_pem, kPublicMode);
  }
  absl::StatusOr<KeyPair> pair = ParsePrivateKeyPem(**key_pem);
  if (!pair.ok()) return About(Path(key), pair.status());
  if (!pub_pem->has_value()) return Write(pub, pair->public_pem, kPublicMode);
  absl::StatusOr<std::string> existing = NormalizePublicKeyPem(**pub_pem);
  if (!existing.ok()) return About(Path(pub), existing.status());
  if (*existing != pair->public_pem) {
    return absl::FailedPreconditionError(
        base::StrCat(Path(pub), ": does not match the public half of ", key));
  }
  return absl::OkStatus();
}

absl::Status MakePrivateDir(const std::string& path) {
  if (absl::Status st = base::MakeDirs(path, kDirMode); !st.ok()) return st;
  // Tighten a directory that already existed with wider permissions.
  if (::chmod(path.c_str(), kDirMode) != 0) return base::ErrnoStatus(base::StrCat("chmod ", path));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Pki> Pki::LoadOrCreate(const PkiOptions& options) {
  if (options.dir.empty()) return absl::InvalidArgumentError("PKI directory is required");
  absl::StatusOr<SubjectAltNames> api_sans = ApiServerSans(options);
  if (!api_sans.ok()) return api_sans.status();
  absl::StatusOr<SubjectAltNames> host_sans = HostSans(options);
  if (!host_sans.ok()) return host_sans.status();
  if (absl::Status st = MakePrivateDir(options.dir); !st.ok()) return st;

  PkiBuilder builder(options);
  absl::StatusOr<CertificateAuthority> ca = builder.EnsureCa(kCaName, "wisp-ca");
  if (!ca.ok()) return ca.status();
  std::optional<CertificateAuthority> etcd_ca;
  if (options.etcd_pki) {
    if (absl::Status st = MakePrivateDir(builder.Path("etcd")); !st.ok()) return st;
    absl::StatusOr<CertificateAuthority> c = builder.EnsureCa(kEtcdCaName, "wisp-etcd-ca");
    if (!c.ok()) return c.status();
    etcd_ca = *std::move(c);
  }
  std::string host_cn = host_sans->dns_names.empty() ? "etcd" : host_sans->dns_names[0];
  for (const LeafSpec& spec : LeafSpecs(options, *api_sans, *host_sans, host_cn)) {
    const CertificateAuthority& signer = spec.etcd_signed ? *etcd_ca : *ca;
    if (absl::Status st = builder.EnsureLeaf(signer, spec); !st.ok()) return st;
  }
  if (absl::Status st = builder.EnsureServiceAccountKey(); !st.ok()) return st;

  Pki pki(options.dir, *std::move(ca));
  pki.dns_names_ = api_sans->dns_names;
  pki.ip_addresses_ = api_sans->ip_addresses;
  pki.written_ = std::move(builder.written());
  return pki;
}

std::string Pki::CertPath(std::string_view name) const {
  return base::StrCat(dir_, "/", name, ".crt");
}
std::string Pki::KeyPath(std::string_view name) const {
  return base::StrCat(dir_, "/", name, ".key");
}
std::string Pki::ServiceAccountKeyPath() const {
  return base::StrCat(dir_, "/", kServiceAccountKeyFile);
}
std::string Pki::ServiceAccountPubPath() const {
  return base::StrCat(dir_, "/", kServiceAccountPubFile);
}

absl::StatusOr<std::string> Pki::ClientKubeconfig(std::string_view name,
                                                  std::string_view server) const {
  absl::StatusOr<std::string> cert = base::ReadFile(CertPath(name));
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = base::ReadFile(KeyPath(name));
  if (!key.ok()) return key.status();
  absl::StatusOr<CertificateInfo> info = InspectCertificate(*cert);
  if (!info.ok()) return About(CertPath(name), info.status());
  KubeconfigParams params;
  params.server = std::string(server);
  params.ca_cert_pem = ca_.cert_pem();
  params.user_name = info->common_name;
  params.client_cert_pem = *std::move(cert);
  params.client_key_pem = *std::move(key);
  return RenderKubeconfig(params);
}

}  // namespace wisp::tls
