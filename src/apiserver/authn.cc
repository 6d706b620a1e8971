// File: src/apiserver/authn.cc
#include "apiserver/authn.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace {

// Splits one CSV line, honouring double quotes.
std::vector<std::string> SplitCsv(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

absl::StatusOr<Authenticator> Authenticator::Load(const std::string& token_file) {
  Authenticator a;
  if (token_file.empty()) return a;
  auto text = base::ReadFile(token_file);
  if (!text.ok()) return text.status();
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) nl = text->size();
    std::string_view line(text->data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto fields = SplitCsv(line);
    if (fields.size() < 3 || fields[0].empty() || fields[1].empty()) {
      return absl::InvalidArgumentError(
          base::StrCat(token_file, ":", line_no, ": want token,user,uid[,\"group1,group2\"]"));
    }
    Token t;
    t.token = fields[0];
    t.user.name = fields[1];
    t.user.uid = fields[2];
    if (fields.size() > 3) {
      for (auto& g : SplitCsv(fields[3])) {
        if (!g.empty()) t.user.groups.push_back(g);
      }
    }
    t.user.groups.push_back("system:authenticated");
    a.tokens_.push_back(std::move(t));
  }
  return a;
}

std::optional<UserInfo> Authenticator::Authenticate(const net::HttpRequest& request) const {
  if (auto auth = request.headers.Get("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->size() > kBearer.size() && auth->compare(0, kBearer.size(), kBearer) == 0) {
      std::vector<std::string> audiences;
      return AuthenticateToken(std::string_view(*auth).substr(kBearer.size()), &audiences);
    }
    return std::nullopt;  // a bad credential is not silently anonymous-upgraded
  }
  if (request.peer_identity && !request.peer_identity->common_name.empty()) {
    UserInfo u;
    u.name = request.peer_identity->common_name;
    u.groups = request.peer_identity->organizations;
    u.groups.push_back("system:authenticated");
    return u;
  }
  return std::nullopt;
}

void Authenticator::EnableServiceAccountTokens(const ServiceAccountTokens* tokens,
                                               TokenCheck live) {
  sa_tokens_ = tokens;
  sa_live_ = std::move(live);
}

std::optional<UserInfo> Authenticator::AuthenticateToken(std::string_view token,
                                                         std::vector<std::string>* audiences,
                                                         std::string* error) const {
  auto fail = [error](std::string_view why) -> std::optional<UserInfo> {
    if (error) *error = std::string(why);
    return std::nullopt;
  };
  // Tokens that name no audience (static ones, legacy Secret tokens) are
  // good for the API's audiences only (upstream's implicit audiences).
  auto implicit = [&](const UserInfo& user) -> std::optional<UserInfo> {
    if (!sa_tokens_) return user;  // no audiences configured
    const std::vector<std::string>& api = sa_tokens_->audiences();
    if (audiences->empty()) {
      *audiences = api;
      return user;
    }
    std::vector<std::string> both;
    for (const std::string& a : *audiences) {
      if (std::find(api.begin(), api.end(), a) != api.end()) both.push_back(a);
    }
    if (both.empty()) return fail("token audiences are invalid for the target audiences");
    *audiences = std::move(both);
    return user;
  };
  for (const Token& t : tokens_) {
    if (t.token.size() == token.size() &&
        CRYPTO_memcmp(t.token.data(), token.data(), token.size()) == 0) {
      return implicit(t.user);
    }
  }
  if (!sa_tokens_) return fail("invalid bearer token");
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (audiences->empty()) *audiences = sa_tokens_->audiences();
  auto claims = sa_tokens_->Verify(token, now, audiences);
  if (claims.ok() && claims->legacy) claims->audiences = sa_tokens_->audiences();
  if (!claims.ok()) {
    return fail(absl::IsNotFound(claims.status()) ? std::string_view("invalid bearer token")
                                                  : base::ToStd(claims.status().message()));
  }
  if (sa_live_) {
    if (absl::Status live = sa_live_(*claims, token); !live.ok())
      return fail(base::ToStd(live.message()));
  }
  std::vector<std::string> accepted;
  for (const std::string& a : *audiences) {
    if (std::find(claims->audiences.begin(), claims->audiences.end(), a) !=
        claims->audiences.end()) {
      accepted.push_back(a);
    }
  }
  if (accepted.empty()) return fail("token audiences are invalid for the target audiences");
  *audiences = std::move(accepted);
  // Upstream's ServiceAccountInfo.UserInfo().
  UserInfo u;
  u.name = ServiceAccountUserName(claims->namespace_, claims->service_account.name);
  u.uid = claims->service_account.uid;
  u.groups = {"system:serviceaccounts", "system:serviceaccounts:" + claims->namespace_,
              "system:authenticated"};
  constexpr std::string_view kExtra = "authentication.kubernetes.io/";
  if (claims->pod && !claims->pod->name.empty() && !claims->pod->uid.empty()) {
    u.extra[base::StrCat(kExtra, "pod-name")] = {claims->pod->name};
    u.extra[base::StrCat(kExtra, "pod-uid")] = {claims->pod->uid};
  }
  if (claims->node && !claims->node->name.empty()) {
    u.extra[base::StrCat(kExtra, "node-name")] = {claims->node->name};
    if (!claims->node->uid.empty()) u.extra[base::StrCat(kExtra, "node-uid")] = {claims->node->uid};
  }
  if (!claims->jti.empty()) {
    u.extra[base::StrCat(kExtra, "credential-id")] = {"JTI=" + claims->jti};
  }
  return u;
}

bool IsPublicPath(const std::string& path) {
  for (std::string_view p : {"/healthz", "/livez", "/readyz", "/version"}) {
    if (path == p ||
        (path.size() > p.size() && path.compare(0, p.size(), p) == 0 && path[p.size()] == '/')) {
      return true;
    }
  }
  return false;
}

bool MayWrite(const UserInfo& user) {
  for (const auto& g : user.groups) {
    if (g == "system:masters") return true;
  }
  return false;
}

absl::StatusOr<UserInfo> Impersonate(const net::HttpRequest& request, const UserInfo& requester,
                                     apimachinery::ApiError* error) {
  std::optional<std::string> name = request.headers.Get("Impersonate-User");
  std::vector<std::string> groups;
  auto [first, last] = request.headers.fields().equal_range("Impersonate-Group");
  for (auto it = first; it != last; ++it) groups.push_back(it->second);
  if (!name) {
    if (groups.empty()) return requester;
    *error = apimachinery::BadRequest("requested groups without impersonating a user");
    return absl::InvalidArgumentError(error->message);
  }
  if (!MayWrite(requester)) {
    *error = apimachinery::Forbidden(
        "", "users", *name,
        base::StrCat("User \"", requester.name,
                     "\" cannot impersonate resource \"users\" in API group \"\" at the cluster "
                     "scope"));
    return absl::PermissionDeniedError(error->message);
  }
  UserInfo as{*name, groups};
  auto add = [&as](const std::string& g) {
    if (std::find(as.groups.begin(), as.groups.end(), g) == as.groups.end()) as.groups.push_back(g);
  };
  constexpr std::string_view kSaPrefix = "system:serviceaccount:";
  if (as.name.rfind(kSaPrefix, 0) == 0) {
    std::string rest = as.name.substr(kSaPrefix.size());
    add("system:serviceaccounts");
    add("system:serviceaccounts:" + rest.substr(0, rest.find(':')));
  }
  if (as.name != "system:anonymous") add("system:authenticated");
  return as;
}

bool IsWriteVerb(const std::string& verb) {
  return verb == "create" || verb == "update" || verb == "patch" || verb == "delete" ||
         verb == "deletecollection";
}

}  // namespace wisp::apiserver
