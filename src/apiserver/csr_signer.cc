// File: src/apiserver/csr_signer.cc
#include "apiserver/csr_signer.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "apiserver/response.h"
#include "apiserver/rest_call.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
using nlohmann::json;

namespace {

constexpr char kClientSigner[] = "kubernetes.io/kube-apiserver-client";
constexpr int64_t kMinSeconds = 600;  // upstream's floor for expirationSeconds
constexpr int64_t kMaxSeconds = int64_t{365} * 24 * 3600;

// A condition of `type` with status True (upstream's HasTrueCondition).
bool HasCondition(const json& csr, std::string_view type) {
  const json& conditions = ArrField(ObjField(csr, "status"), "conditions");
  return std::any_of(conditions.begin(), conditions.end(), [&](const json& c) {
    return StrField(c, "type") == type && StrField(c, "status") == "True";
  });
}

// Why a request may not have a client certificate, or "".
std::string UsageProblem(const json& spec) {
  bool client = false;
  for (const json& u : ArrField(spec, "usages")) {
    std::string usage = u.is_string() ? u.get<std::string>() : "";
    if (usage == "client auth") {
      client = true;
    } else if (usage != "digital signature" && usage != "key encipherment") {
      return base::StrCat("usage \"", usage, "\" is not allowed for ", kClientSigner,
                          " (allowed: client auth, digital signature, key encipherment)");
    }
  }
  return client ? "" : base::StrCat("a ", kClientSigner, " request must include \"client auth\"");
}

}  // namespace

absl::Status SignApprovedCsrs(Rest& rest, const tls::CertificateAuthority& ca) {
  const ResourceContext* rc = rest.Context("certificates.k8s.io", "certificatesigningrequests");
  if (!rc) return absl::OkStatus();
  absl::Status first_error;
  for (const ObjectPtr& o : rc->cache->List(rc->prefix).objects) {
    json csr = json::parse(o->json, nullptr, false);
    if (!csr.is_object()) continue;
    const json spec = ObjField(csr, "spec");
    const json& status = ObjField(csr, "status");
    if (StrField(spec, "signerName") != kClientSigner || !HasCondition(csr, "Approved") ||
        HasCondition(csr, "Denied") || HasCondition(csr, "Failed") ||
        (status.contains("certificate") && !status["certificate"].is_null())) {
      continue;
    }
    std::string problem = UsageProblem(spec);
    std::string cert;
    if (problem.empty()) {
      std::string pem;
      if (!absl::Base64Unescape(StrField(spec, "request"), &pem)) {
        problem = "spec.request is not base64";
      } else {
        int64_t seconds = IntField(spec, "expirationSeconds", kMaxSeconds);
        seconds = std::clamp(seconds, kMinSeconds, kMaxSeconds);
        auto signed_pem = ca.SignCsr(pem, tls::Usages{.client_auth = true}, absl::Seconds(seconds));
        if (signed_pem.ok()) {
          cert = *std::move(signed_pem);
        } else {
          problem = base::StrCat("the request cannot be signed: ",
                                 base::ToStd(signed_pem.status().message()));
        }
      }
    }
    if (!csr["status"].is_object()) csr["status"] = json::object();
    if (problem.empty()) {
      csr["status"]["certificate"] = absl::Base64Escape(cert);
    } else {
      const std::string now = NowRfc3339();
      if (!csr["status"]["conditions"].is_array()) csr["status"]["conditions"] = json::array();
      csr["status"]["conditions"].push_back({{"type", "Failed"},
                                             {"status", "True"},
                                             {"reason", "SignerValidationFailure"},
                                             {"message", problem},
                                             {"lastUpdateTime", now},
                                             {"lastTransitionTime", now}});
    }
    absl::Status s = rest.PutInternal(*rc, std::move(csr), o->resource_version);
    if (!s.ok() && !absl::IsAborted(s) && first_error.ok()) first_error = s;
  }
  return first_error;
}

}  // namespace wisp::apiserver
