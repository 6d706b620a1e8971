#include "tls/x509_names.h"

#include <arpa/inet.h>

#include "wisp/base/strings.h"

namespace wisp::tls::internal {
namespace {

std::string Asn1String(const ASN1_STRING* s) {
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, s);
  if (len < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

absl::Status PushDns(GENERAL_NAMES* names, const std::string& dns) {
  GENERAL_NAME* gen = GENERAL_NAME_new();
  ASN1_IA5STRING* str = ASN1_IA5STRING_new();
  if (gen == nullptr || str == nullptr ||
      ASN1_STRING_set(str, dns.data(), static_cast<int>(dns.size())) != 1) {
    GENERAL_NAME_free(gen);
    ASN1_IA5STRING_free(str);
    return OpenSslError("DNS SAN");
  }
  GENERAL_NAME_set0_value(gen, GEN_DNS, str);
  if (sk_GENERAL_NAME_push(names, gen) == 0) {
    GENERAL_NAME_free(gen);
    return OpenSslError("DNS SAN");
  }
  return absl::OkStatus();
}

absl::Status PushIp(GENERAL_NAMES* names, const std::string& ip) {
  unsigned char buf[16];
  int len = inet_pton(AF_INET, ip.c_str(), buf) == 1    ? 4
            : inet_pton(AF_INET6, ip.c_str(), buf) == 1 ? 16
                                                        : 0;
  if (len == 0) {
    return absl::InvalidArgumentError(base::StrCat("IP SAN \"", ip, "\" is not an IP address"));
  }
  GENERAL_NAME* gen = GENERAL_NAME_new();
  ASN1_OCTET_STRING* str = ASN1_OCTET_STRING_new();
  if (gen == nullptr || str == nullptr || ASN1_OCTET_STRING_set(str, buf, len) != 1) {
    GENERAL_NAME_free(gen);
    ASN1_OCTET_STRING_free(str);
    return OpenSslError("IP SAN");
  }
  GENERAL_NAME_set0_value(gen, GEN_IPADD, str);
  if (sk_GENERAL_NAME_push(names, gen) == 0) {
    GENERAL_NAME_free(gen);
    return OpenSslError("IP SAN");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<X509NamePtr> MakeSubjectName(const std::string& common_name,
                                            const std::vector<std::string>& organizations) {
  X509NamePtr name(X509_NAME_new());
  if (name == nullptr) return OpenSslError("allocate name");
  auto add = [&](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  for (const std::string& org : organizations) {
    if (!add("O", org)) {
      return OpenSslError(absl::StatusCode::kInvalidArgument,
                          base::StrCat("organization \"", org, "\""));
    }
  }
  if (!add("CN", common_name)) {
    return OpenSslError(absl::StatusCode::kInvalidArgument,
                        base::StrCat("common name \"", common_name, "\""));
  }
  return name;
}

absl::StatusOr<GeneralNamesPtr> MakeGeneralNames(const std::vector<std::string>& dns_names,
                                                 const std::vector<std::string>& ip_addresses) {
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (names == nullptr) return OpenSslError("allocate SANs");
  for (const std::string& dns : dns_names) {
    if (absl::Status st = PushDns(names.get(), dns); !st.ok()) return st;
  }
  for (const std::string& ip : ip_addresses) {
    if (absl::Status st = PushIp(names.get(), ip); !st.ok()) return st;
  }
  return names;
}

std::vector<std::string> NameEntries(const X509_NAME* name, int nid) {
  std::vector<std::string> out;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    out.push_back(Asn1String(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i))));
  }
  return out;
}

absl::Status ReadGeneralNames(const GENERAL_NAMES* names, bool strict,
                              std::vector<std::string>& dns_names,
                              std::vector<std::string>& ip_addresses) {
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* gen = sk_GENERAL_NAME_value(names, i);
    if (gen->type == GEN_DNS) {
      dns_names.push_back(Asn1String(gen->d.dNSName));
      continue;
    }
    if (gen->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = gen->d.iPAddress;
      int len = ASN1_STRING_length(ip);
      char buf[INET6_ADDRSTRLEN] = {};
      int af = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
      if (af != 0 && inet_ntop(af, ASN1_STRING_get0_data(ip), buf, sizeof buf) != nullptr) {
        ip_addresses.push_back(buf);
        continue;
      }
    }
    if (strict) {
      return absl::InvalidArgumentError(base::StrCat("unsupported subjectAltName of type ",
                                                     gen->type, " (only DNS and IP are allowed)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace wisp::tls::internal
