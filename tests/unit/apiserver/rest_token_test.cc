// The TokenRequest API and the authentication of the tokens it issues,
// over the in-memory etcd.
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "apiserver/authn.h"
#include "apiserver/service_account_tokens.h"
#include "apiserver/token_secrets.h"
#include "unit/apiserver/rest_fixture.h"
#include "wisp/tls/key.h"

namespace wisp::apiserver {
namespace {

constexpr char kIssuer[] = "https://kubernetes.default.svc.cluster.local";
constexpr char kTokenPath[] = "/api/v1/namespaces/ns/serviceaccounts/builder/token";

class TokenTest : public RestTest {
 protected:
  void SetUp() override {
    RestTest::SetUp();
    auto pair = tls::GenerateKeyPair(tls::KeyAlgorithm::kRsa2048);
    ASSERT_TRUE(pair.ok());
    auto tokens = ServiceAccountTokens::Create(pair->private_pem, {pair->public_pem}, kIssuer, {});
    ASSERT_TRUE(tokens.ok());
    tokens_ = *std::move(tokens);
    rest_->SetServiceAccountTokens(tokens_.get());
    rest_->SetTokenAuthenticator(
        [this](std::string_view token, std::vector<std::string>* auds, std::string* error) {
          return authn_.AuthenticateToken(token, auds, error);
        });
    authn_.EnableServiceAccountTokens(tokens_.get(),
                                      [this](const TokenClaims& c, std::string_view token) {
                                        return rest_->CheckTokenObjects(c, token);
                                      });
    Result sa =
        Call("POST", "/api/v1/namespaces/ns/serviceaccounts", R"({"metadata":{"name":"builder"}})");
    ASSERT_EQ(sa.status, 201) << sa.raw;
    sa_uid_ = sa.body["metadata"]["uid"];
  }

  std::optional<UserInfo> Authenticate(const std::string& token) {
    net::HttpRequest req;
    req.headers.Set("Authorization", "Bearer " + token);
    return authn_.Authenticate(req);
  }

  std::unique_ptr<ServiceAccountTokens> tokens_;
  Authenticator authn_;
  std::string sa_uid_;
};

TEST_F(TokenTest, TokenRequestIssuesATokenTheApiAccepts) {
  Result r = Call("POST", kTokenPath, R"({"apiVersion":"authentication.k8s.io/v1",
      "kind":"TokenRequest","spec":{}})");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["kind"], "TokenRequest");
  EXPECT_EQ(r.body["metadata"]["name"], "builder");
  EXPECT_EQ(r.body["metadata"]["namespace"], "ns");
  EXPECT_EQ(r.body["spec"]["audiences"], json::array({kIssuer}));
  EXPECT_EQ(r.body["spec"]["expirationSeconds"], 3600);
  EXPECT_TRUE(r.body["spec"]["boundObjectRef"].is_null());
  EXPECT_FALSE(r.body["status"]["expirationTimestamp"].get<std::string>().empty());
  const std::string token = r.body["status"]["token"];

  std::optional<UserInfo> user = Authenticate(token);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->name, "system:serviceaccount:ns:builder");
  EXPECT_EQ(user->uid, sa_uid_);
  EXPECT_EQ(user->groups,
            (std::vector<std::string>{"system:serviceaccounts", "system:serviceaccounts:ns",
                                      "system:authenticated"}));
  ASSERT_EQ(user->extra.count("authentication.kubernetes.io/credential-id"), 1u);
  EXPECT_FALSE(MayWrite(*user));

  // Deleting the service account revokes its tokens.
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/serviceaccounts/builder").status, 200);
  EXPECT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  EXPECT_FALSE(Authenticate(token).has_value());
  EXPECT_FALSE(Authenticate(token + "x").has_value());
}

TEST_F(TokenTest, TokenRequestValidation) {
  Result missing = Call("POST", "/api/v1/namespaces/ns/serviceaccounts/nobody/token", "{}");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["message"], "serviceaccounts \"nobody\" not found");
  Result short_lived = Call("POST", kTokenPath, R"({"spec":{"expirationSeconds":60}})");
  EXPECT_EQ(short_lived.status, 422);
  EXPECT_EQ(short_lived.body["message"],
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid "
            "value: 60: may not specify a duration less than 10 minutes");
  Result renamed = Call("POST", kTokenPath, R"({"metadata":{"name":"other"},"spec":{}})");
  EXPECT_EQ(renamed.status, 422);
  Result cm =
      Call("POST", kTokenPath,
           R"({"spec":{"boundObjectRef":{"kind":"ConfigMap","apiVersion":"v1","name":"c"}}})");
  EXPECT_EQ(cm.status, 400);
  EXPECT_EQ(cm.body["message"], "cannot bind token to object of type /v1, Kind=ConfigMap");
  Result gone =
      Call("POST", kTokenPath,
           R"({"spec":{"boundObjectRef":{"kind":"Secret","apiVersion":"v1","name":"s"}}})");
  EXPECT_EQ(gone.status, 404);
  Result audience = Call("POST", kTokenPath, R"({"spec":{"audiences":["vault"]}})");
  ASSERT_EQ(audience.status, 201);
  // A token for another audience is not a credential for this API.
  EXPECT_FALSE(Authenticate(audience.body["status"]["token"]).has_value());
}

TEST_F(TokenTest, PodBoundTokensDieWithThePod) {
  ASSERT_EQ(Call("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"other"},
      "spec":{"containers":[{"name":"c","image":"busybox"}]}})")
                .status,
            201);
  Result wrong =
      Call("POST", kTokenPath,
           R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"other"}}})");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.body["message"],
            "cannot bind token for serviceaccount \"builder\" to pod running with different "
            "serviceaccount name.");
  Result pod = Call("POST", "/api/v1/namespaces/ns/pods", R"({"metadata":{"name":"web"},
      "spec":{"serviceAccountName":"builder","containers":[{"name":"c","image":"busybox"}]}})");
  ASSERT_EQ(pod.status, 201);
  Result conflict = Call("POST", kTokenPath, R"({"spec":{"boundObjectRef":{"kind":"Pod",
      "apiVersion":"v1","name":"web","uid":"not-the-uid"}}})");
  EXPECT_EQ(conflict.status, 409);
  Result r = Call("POST", kTokenPath,
                  R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web"}}})");
  ASSERT_EQ(r.status, 201) << r.raw;
  const std::string token = r.body["status"]["token"];
  EXPECT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  std::optional<UserInfo> user = Authenticate(token);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->extra["authentication.kubernetes.io/pod-name"], std::vector<std::string>{"web"});
  EXPECT_EQ(user->extra["authentication.kubernetes.io/pod-uid"],
            std::vector<std::string>{pod.body["metadata"]["uid"].get<std::string>()});
  // An unscheduled pod is deleted at once; its tokens stop working.
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/pods/web").status, 200);
  EXPECT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  EXPECT_FALSE(Authenticate(token).has_value());
}

// The tokens controller's job: a service-account-token Secret gets a legacy
// token that works while the Secret holds it.
TEST_F(TokenTest, TokenSecretsAreFilledAndTheirTokensWork) {
  Result created = Call("POST", "/api/v1/namespaces/ns/secrets", R"({"metadata":{"name":"tok",
      "annotations":{"kubernetes.io/service-account.name":"builder"}},
      "type":"kubernetes.io/service-account-token"})");
  ASSERT_EQ(created.status, 201) << created.raw;
  auto settle = [&] {
    ASSERT_TRUE(
        caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  };
  settle();
  ASSERT_TRUE(FillServiceAccountTokenSecrets(*rest_, *tokens_, "CA PEM").ok());
  settle();
  Result secret = Call("GET", "/api/v1/namespaces/ns/secrets/tok");
  const json& data = secret.body["data"];
  std::string token, ca, ns;
  ASSERT_TRUE(absl::Base64Unescape(data.value("token", ""), &token)) << secret.raw;
  ASSERT_TRUE(absl::Base64Unescape(data.value("ca.crt", ""), &ca));
  ASSERT_TRUE(absl::Base64Unescape(data.value("namespace", ""), &ns));
  EXPECT_EQ(ca, "CA PEM");
  EXPECT_EQ(ns, "ns");
  EXPECT_EQ(secret.body["metadata"]["annotations"]["kubernetes.io/service-account.uid"], sa_uid_);
  std::optional<UserInfo> user = Authenticate(token);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->name, "system:serviceaccount:ns:builder");
  // A second pass changes nothing.
  const std::string rv = secret.body["metadata"]["resourceVersion"];
  ASSERT_TRUE(FillServiceAccountTokenSecrets(*rest_, *tokens_, "CA PEM").ok());
  EXPECT_EQ(Call("GET", "/api/v1/namespaces/ns/secrets/tok").body["metadata"]["resourceVersion"],
            rv);
  // A legacy token names no audience: it is good for the API's only.
  std::vector<std::string> vault = {"vault"};
  EXPECT_FALSE(authn_.AuthenticateToken(token, &vault).has_value());
  ASSERT_EQ(Call("DELETE", "/api/v1/namespaces/ns/secrets/tok").status, 200);
  settle();
  EXPECT_FALSE(Authenticate(token).has_value());
}

TEST_F(TokenTest, TokenReviewsSayWhoATokenBelongsTo) {
  Result issued = Call("POST", kTokenPath, R"({"spec":{"audiences":["vault"]}})");
  ASSERT_EQ(issued.status, 201);
  const std::string token = issued.body["status"]["token"];
  ASSERT_TRUE(caches_.WaitFor(etcd_.Range("/", "", 0, 0)->revision, std::chrono::seconds(2)).ok());
  auto review = [&](const json& spec) {
    return Call(
        "POST", "/apis/authentication.k8s.io/v1/tokenreviews",
        json{{"apiVersion", "authentication.k8s.io/v1"}, {"kind", "TokenReview"}, {"spec", spec}}
            .dump());
  };
  Result ok = review({{"token", token}, {"audiences", {"vault"}}});
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body["status"]["authenticated"], true);
  EXPECT_EQ(ok.body["status"]["user"]["username"], "system:serviceaccount:ns:builder");
  EXPECT_EQ(ok.body["status"]["audiences"], json::array({"vault"}));
  // For the API's own audience the same token is no credential.
  Result api = review({{"token", token}});
  EXPECT_EQ(api.body["status"]["authenticated"], false);
  EXPECT_NE(api.body["status"]["error"].get<std::string>().find("token audiences"),
            std::string::npos);
  EXPECT_EQ(review(json::object()).status, 400);
}

TEST_F(TokenTest, SubjectAccessReviewsAnswerForSomeoneElse) {
  auto sar = [&](const std::string& path, const json& spec) {
    return Call("POST", path, json{{"spec", spec}}.dump());
  };
  const std::string global = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  json create_pods = {{"verb", "create"}, {"resource", "pods"}, {"namespace", "ns"}};
  Result bob = sar(global, {{"user", "bob"}, {"resourceAttributes", create_pods}});
  ASSERT_EQ(bob.status, 201) << bob.raw;
  EXPECT_EQ(bob.body["status"]["allowed"], false);
  Result admin =
      sar(global,
          {{"user", "root"}, {"groups", {"system:masters"}}, {"resourceAttributes", create_pods}});
  EXPECT_EQ(admin.body["status"]["allowed"], true);
  Result read = sar(
      global, {{"user", "bob"}, {"resourceAttributes", {{"verb", "list"}, {"resource", "pods"}}}});
  EXPECT_EQ(read.body["status"]["allowed"], true);
  EXPECT_EQ(sar(global, {{"resourceAttributes", create_pods}}).status, 422);
  const std::string local = "/apis/authorization.k8s.io/v1/namespaces/ns/localsubjectaccessreviews";
  Result in_ns = sar(local, {{"user", "bob"}, {"resourceAttributes", {{"verb", "get"}}}});
  ASSERT_EQ(in_ns.status, 201) << in_ns.raw;
  EXPECT_EQ(in_ns.body["spec"]["resourceAttributes"]["namespace"], "ns");
  EXPECT_EQ(sar(local, {{"user", "bob"},
                        {"resourceAttributes", {{"verb", "get"}, {"namespace", "other"}}}})
                .status,
            400);
}

TEST_F(TokenTest, WhoamiShowsTheServiceAccountUser) {
  user_ = UserInfo{"system:serviceaccount:ns:builder",
                   {"system:serviceaccounts", "system:authenticated"},
                   "sa-uid",
                   {{"authentication.kubernetes.io/credential-id", {"JTI=x"}}}};
  Result r = Call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                  R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["status"]["userInfo"]["uid"], "sa-uid");
  EXPECT_EQ(r.body["status"]["userInfo"]["extra"]["authentication.kubernetes.io/credential-id"],
            json::array({"JTI=x"}));
}

}  // namespace
}  // namespace wisp::apiserver
