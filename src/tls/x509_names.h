// File: src/tls/x509_names.h (private to the tls module)
//
// Subject names and subjectAltName lists, to and from OpenSSL structures.
// Shared by the certificate builder, certificate inspection and CSRs.
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tls/openssl_util.h"

namespace wisp::tls::internal {

// A subject "O=<org>..., CN=<common_name>" (organizations first, in order).
absl::StatusOr<X509NamePtr> MakeSubjectName(const std::string& common_name,
                                            const std::vector<std::string>& organizations);

// GENERAL_NAMES of DNS names and IP addresses (IPv4/IPv6 text; InvalidArgument
// for one that does not parse).
absl::StatusOr<GeneralNamesPtr> MakeGeneralNames(const std::vector<std::string>& dns_names,
                                                 const std::vector<std::string>& ip_addresses);

// The UTF-8 values of every `nid` entry (e.g. NID_organizationName) of `name`.
std::vector<std::string> NameEntries(const X509_NAME* name, int nid);

// Appends the DNS names and IPs (inet_ntop text) of `names`. Other name
// types are skipped, or rejected with InvalidArgument if `strict`.
absl::Status ReadGeneralNames(const GENERAL_NAMES* names, bool strict,
                              std::vector<std::string>& dns_names,
                              std::vector<std::string>& ip_addresses);

}  // namespace wisp::tls::internal
