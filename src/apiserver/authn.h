// File: src/apiserver/authn.h (private to the apiserver)
//
// Authentication and the interim authorization rule of the API server:
//   - x509: a verified client certificate's CN is the user, its O values the
//     groups (the TLS layer has already checked it against the client CA);
//   - bearer tokens from a static token file (CSV: token,user,uid,"g1,g2"),
//     compared in constant time;
//   - service-account JWTs (TokenRequest and legacy Secret tokens), verified
//     by ServiceAccountTokens and accepted only while the service account
//     (and the object a token is bound to) still exists with the same uid;
//   - anything else is anonymous and gets 401, except on the health and
//     version endpoints.
// Until RBAC exists only members of system:masters may write.
//
// Thread-safe (immutable after Load).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "apiserver/rest.h"
#include "apiserver/service_account_tokens.h"
#include "wisp/apimachinery/status.h"
#include "wisp/net/http.h"

namespace wisp::apiserver {

class Authenticator {
 public:
  // Loads `token_file` (may be empty: no tokens). Errors name the file and line.
  static absl::StatusOr<Authenticator> Load(const std::string& token_file);

  // Accepts service-account tokens `tokens` verifies and `live` confirms
  // (Rest::CheckTokenObjects). Both outlive the authenticator.
  using TokenCheck = std::function<absl::Status(const TokenClaims&, std::string_view token)>;
  void EnableServiceAccountTokens(const ServiceAccountTokens* tokens, TokenCheck live);

  // The user behind a request, or nullopt (anonymous, or a credential that
  // does not verify).
  std::optional<UserInfo> Authenticate(const net::HttpRequest& request) const;
  // The user behind a bearer token (also for TokenReview). `audiences` in:
  // the audiences asked for (empty: the API's); out: those the token is
  // good for. nullopt with the reason in `error` when it is not accepted.
  std::optional<UserInfo> AuthenticateToken(std::string_view token,
                                            std::vector<std::string>* audiences,
                                            std::string* error = nullptr) const;

 private:
  struct Token {
    std::string token;
    UserInfo user;
  };
  std::vector<Token> tokens_;
  const ServiceAccountTokens* sa_tokens_ = nullptr;
  TokenCheck sa_live_;
};

// True for paths anonymous clients may read.
bool IsPublicPath(const std::string& path);
// True when `user` may perform `verb` (interim rule until RBAC).
bool MayWrite(const UserInfo& user);
bool IsWriteVerb(const std::string& verb);
// Impersonation headers (kubectl --as / --as-group): Impersonate-User and
// Impersonate-Group. Returns the user to act as (the requester itself when
// no impersonation is asked), or a 403 when the requester may not
// impersonate (only system:masters may, until RBAC) and a 400 for groups
// without a user.
absl::StatusOr<UserInfo> Impersonate(const net::HttpRequest& request, const UserInfo& requester,
                                     apimachinery::ApiError* error);

// The reviews every authenticated user may create (rest_reviews.cc).
bool IsSelfReview(std::string_view group, std::string_view resource);
// Every review kind: answered, never stored (rest_reviews.cc).
bool IsReview(std::string_view group, std::string_view resource);

}  // namespace wisp::apiserver
