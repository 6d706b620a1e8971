// Compact JWS signing and verification over OpenSSL 3's EVP interface.
#include "wisp/tls/jws.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/sha.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "tls/openssl_util.h"
#include "wisp/base/strings.h"

namespace wisp::tls {

// OpenSSL 3 keys may be used from several threads once built.
struct ParsedKey {
  internal::EvpPkeyPtr pkey;
};

namespace {

using internal::EvpPkeyPtr;

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, internal::FreeFn<EVP_MD_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, internal::FreeFn<ECDSA_SIG_free>>;

std::string B64(std::string_view bytes) {
  std::string out;
  absl::WebSafeBase64Escape(absl::string_view(bytes.data(), bytes.size()), &out);  // unpadded
  return out;
}

// The JWS alg of a key, and for ECDSA the byte length of r and s.
absl::StatusOr<std::string> AlgOf(EVP_PKEY* key, size_t* ec_size) {
  *ec_size = 0;
  if (EVP_PKEY_is_a(key, "RSA")) return std::string("RS256");
  if (EVP_PKEY_is_a(key, "EC")) {
    int bits = EVP_PKEY_get_bits(key);
    if (bits == 256) {
      *ec_size = 32;
      return std::string("ES256");
    }
    if (bits == 384) {
      *ec_size = 48;
      return std::string("ES384");
    }
  }
  return absl::InvalidArgumentError("service-account keys must be RSA, ECDSA P-256 or P-384");
}

const EVP_MD* DigestOf(std::string_view alg) {
  return alg == "ES384" ? EVP_sha384() : EVP_sha256();
}

absl::StatusOr<std::string> KeyId(EVP_PKEY* key) {
  int len = i2d_PUBKEY(key, nullptr);
  if (len <= 0) return internal::OpenSslError("encode public key");
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_PUBKEY(key, &p) != len) return internal::OpenSslError("encode public key");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(der.data()), der.size(), digest);
  return B64(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string BignumBytes(const BIGNUM* bn, size_t size) {
  std::string out(size, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size));
  return out;
}

// DER ECDSA-Sig-Value <-> raw r||s of `size` bytes each.
absl::StatusOr<std::string> DerToRaw(const std::string& der, size_t size) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return internal::OpenSslError("decode ECDSA signature");
  return BignumBytes(ECDSA_SIG_get0_r(sig.get()), size) +
         BignumBytes(ECDSA_SIG_get0_s(sig.get()), size);
}

absl::StatusOr<std::string> RawToDer(std::string_view raw, size_t size) {
  if (raw.size() != 2 * size) return absl::UnauthenticatedError("bad ECDSA signature length");
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), size, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + size, size, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return internal::OpenSslError("build ECDSA signature");
  }
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return internal::OpenSslError("encode ECDSA signature");
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &p);
  return der;
}

}  // namespace

namespace {

// The alg and kid of a parsed key, shared by signers and verification keys.
template <typename T>
absl::StatusOr<T> Describe(absl::StatusOr<internal::EvpPkeyPtr> key) {
  if (!key.ok()) return key.status();
  size_t ec_size = 0;
  auto alg = AlgOf(key->get(), &ec_size);
  if (!alg.ok()) return alg.status();
  auto kid = KeyId(key->get());
  if (!kid.ok()) return kid.status();
  auto parsed = std::make_shared<ParsedKey>();
  parsed->pkey = *std::move(key);
  return T{*alg, *kid, std::move(parsed)};
}

}  // namespace

absl::StatusOr<JwsSigner> NewJwsSigner(std::string_view private_pem) {
  return Describe<JwsSigner>(internal::ParsePrivateKey(private_pem));
}

absl::StatusOr<std::string> SignJws(const JwsSigner& signer, std::string_view payload) {
  if (!signer.key) return absl::FailedPreconditionError("no signing key");
  EVP_PKEY* key = signer.key->pkey.get();
  size_t ec_size = 0;
  auto alg = AlgOf(key, &ec_size);
  if (!alg.ok()) return alg.status();
  std::string input =
      base::StrCat(B64(base::StrCat("{\"alg\":\"", *alg, "\",\"kid\":\"", signer.kid, "\"}")), ".",
                   B64(payload));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, DigestOf(*alg), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    return internal::OpenSslError("sign token");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return internal::OpenSslError("sign token");
  }
  sig.resize(len);
  if (ec_size > 0) {
    auto raw = DerToRaw(sig, ec_size);
    if (!raw.ok()) return raw.status();
    sig = *std::move(raw);
  }
  return base::StrCat(input, ".", B64(sig));
}

absl::StatusOr<JwsKey> NewJwsKey(std::string_view public_pem) {
  return Describe<JwsKey>(internal::ParsePublicKey(public_pem));
}

absl::StatusOr<std::string> JwkJson(const JwsKey& jwk) {
  if (!jwk.key) return absl::FailedPreconditionError("no key");
  const internal::EvpPkeyPtr* key = &jwk.key->pkey;
  std::string fields;
  if (EVP_PKEY_is_a(key->get(), "RSA")) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    if (EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
        EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
      BN_free(n);
      return internal::OpenSslError("read RSA key");
    }
    internal::BignumPtr np(n), ep(e);
    fields = base::StrCat("\"kty\":\"RSA\",\"kid\":\"", jwk.kid, "\",\"alg\":\"", jwk.alg,
                          "\",\"n\":\"", B64(BignumBytes(n, BN_num_bytes(n))), "\",\"e\":\"",
                          B64(BignumBytes(e, BN_num_bytes(e))), "\"");
  } else {
    unsigned char point[256];
    size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(key->get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                        &len) != 1 ||
        len < 3 || point[0] != 0x04) {
      return internal::OpenSslError("read EC key");
    }
    size_t half = (len - 1) / 2;
    std::string_view raw(reinterpret_cast<const char*>(point) + 1, len - 1);
    fields = base::StrCat("\"kty\":\"EC\",\"kid\":\"", jwk.kid, "\",\"alg\":\"", jwk.alg,
                          "\",\"crv\":\"", jwk.alg == "ES384" ? "P-384" : "P-256", "\",\"x\":\"",
                          B64(raw.substr(0, half)), "\",\"y\":\"", B64(raw.substr(half)), "\"");
  }
  return base::StrCat("{\"use\":\"sig\",", fields, "}");
}

absl::StatusOr<JwsParts> ParseJws(std::string_view token) {
  size_t a = token.find('.');
  size_t b = a == std::string_view::npos ? a : token.find('.', a + 1);
  if (b == std::string_view::npos || token.find('.', b + 1) != std::string_view::npos) {
    return absl::InvalidArgumentError("not a compact JWS");
  }
  JwsParts parts;
  parts.signing_input = std::string(token.substr(0, b));
  auto unescape = [](std::string_view part, std::string* out) {
    return absl::WebSafeBase64Unescape(absl::string_view(part.data(), part.size()), out);
  };
  if (!unescape(token.substr(0, a), &parts.header) ||
      !unescape(token.substr(a + 1, b - a - 1), &parts.payload) ||
      !unescape(token.substr(b + 1), &parts.signature)) {
    return absl::InvalidArgumentError("JWS part is not base64url");
  }
  return parts;
}

absl::Status VerifyJws(const JwsParts& parts, std::string_view alg, const JwsKey& jwk) {
  if (alg != jwk.alg) return absl::UnauthenticatedError("token algorithm does not match the key");
  if (!jwk.key) return absl::FailedPreconditionError("no key");
  const internal::EvpPkeyPtr* key = &jwk.key->pkey;
  size_t ec_size = 0;
  if (auto a = AlgOf(key->get(), &ec_size); !a.ok()) return a.status();
  std::string sig = parts.signature;
  if (ec_size > 0) {
    auto der = RawToDer(sig, ec_size);
    if (!der.ok()) return der.status();
    sig = *std::move(der);
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, DigestOf(alg), nullptr, key->get()) != 1) {
    return internal::OpenSslError("verify token");
  }
  int ok =
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(parts.signing_input.data()),
                       parts.signing_input.size());
  ERR_clear_error();
  if (ok != 1) return absl::UnauthenticatedError("invalid signature");
  return absl::OkStatus();
}

}  // namespace wisp::tls
