#include "wisp/tls/key.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstring>

#include "tls/openssl_util.h"
#include "wisp/base/strings.h"

namespace wisp::tls {
namespace {

using internal::EvpPkeyPtr;

struct AlgorithmInfo {
  KeyAlgorithm algorithm;
  std::string_view name;
  const char* curve;  // For EC, else nullptr.
  int rsa_bits;       // For RSA, else 0.
};

constexpr AlgorithmInfo kAlgorithms[] = {
    {KeyAlgorithm::kEcdsaP256, "ECDSA-P256", "P-256", 0},
    {KeyAlgorithm::kEcdsaP384, "ECDSA-P384", "P-384", 0},
    {KeyAlgorithm::kRsa2048, "RSA-2048", nullptr, 2048},
    {KeyAlgorithm::kRsa3072, "RSA-3072", nullptr, 3072},
    {KeyAlgorithm::kRsa4096, "RSA-4096", nullptr, 4096},
};

const AlgorithmInfo& InfoOf(KeyAlgorithm algorithm) {
  for (const AlgorithmInfo& info : kAlgorithms) {
    if (info.algorithm == algorithm) return info;
  }
  return kAlgorithms[0];  // Unreachable: the table covers the enum.
}

// Which of kAlgorithms `key` is; InvalidArgument for anything else.
absl::StatusOr<KeyAlgorithm> AlgorithmOf(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) {
    int bits = EVP_PKEY_get_bits(key);
    for (const AlgorithmInfo& info : kAlgorithms) {
      if (info.rsa_bits == bits) return info.algorithm;
    }
    return absl::InvalidArgumentError(
        base::StrCat("unsupported RSA key size ", bits, " (want 2048, 3072 or 4096)"));
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &len) == 1) {
      std::string_view g(group, len);
      if (g == "prime256v1" || g == "P-256") return KeyAlgorithm::kEcdsaP256;
      if (g == "secp384r1" || g == "P-384") return KeyAlgorithm::kEcdsaP384;
      return absl::InvalidArgumentError(
          base::StrCat("unsupported EC curve ", g, " (want P-256 or P-384)"));
    }
  }
  return absl::InvalidArgumentError(
      base::StrCat("unsupported key type ", EVP_PKEY_get0_type_name(key)));
}

absl::StatusOr<KeyPair> ToKeyPair(EVP_PKEY* key, KeyAlgorithm algorithm) {
  KeyPair pair;
  pair.algorithm = algorithm;
  absl::StatusOr<std::string> priv = internal::PrivateKeyToPem(key);
  if (!priv.ok()) return priv.status();
  absl::StatusOr<std::string> pub = internal::PublicKeyToPem(key);
  if (!pub.ok()) return pub.status();
  pair.private_pem = *std::move(priv);
  pair.public_pem = *std::move(pub);
  return pair;
}

}  // namespace

std::string_view KeyAlgorithmName(KeyAlgorithm algorithm) { return InfoOf(algorithm).name; }

bool IsRsa(KeyAlgorithm algorithm) { return InfoOf(algorithm).rsa_bits != 0; }

absl::StatusOr<KeyPair> GenerateKeyPair(KeyAlgorithm algorithm) {
  const AlgorithmInfo& info = InfoOf(algorithm);
  ERR_clear_error();
  EvpPkeyPtr key(info.curve != nullptr ? EVP_EC_gen(info.curve)
                                       : EVP_RSA_gen(static_cast<unsigned>(info.rsa_bits)));
  if (key == nullptr) {
    return internal::OpenSslError(base::StrCat("generate ", info.name, " key"));
  }
  return ToKeyPair(key.get(), algorithm);
}

absl::StatusOr<KeyPair> ParsePrivateKeyPem(std::string_view pem) {
  absl::StatusOr<EvpPkeyPtr> key = internal::ParsePrivateKey(pem);
  if (!key.ok()) return key.status();
  absl::StatusOr<KeyAlgorithm> algorithm = AlgorithmOf(key->get());
  if (!algorithm.ok()) return algorithm.status();
  return ToKeyPair(key->get(), *algorithm);
}

absl::StatusOr<std::string> NormalizePublicKeyPem(std::string_view pem) {
  absl::StatusOr<EvpPkeyPtr> key = internal::ParsePublicKey(pem);
  if (!key.ok()) return key.status();
  return internal::PublicKeyToPem(key->get());
}

}  // namespace wisp::tls
