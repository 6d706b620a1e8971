// kubectl against `wisp controller`: resources served in two versions
// (events, HPAs), service-account tokens, admission, volume protection and
// /metrics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e/kubectl/kubectl_fixture.h"

namespace wisp::e2e {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST_P(KubectlTest, EventsAndHpasReadAlikeInEveryVersion) {
  Namespace("versions");
  Ok("create -n versions -f " + cluster_->WriteFile("event.yaml", R"(apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: pulled}
eventTime: "2026-11-29T15:00:00.000000Z"
regarding: {kind: Pod, name: web, namespace: versions}
note: pulled image busybox
reason: Pulled
type: Normal
action: Pull
reportingController: wisp.io/kubelet
reportingInstance: n1
)"));
  // Core v1 readers (kubectl get events, describe) see the same event.
  EXPECT_THAT(Ok("get events -n versions"),
              AllOf(HasSubstr("Pulled"), HasSubstr("pod/web"), HasSubstr("pulled image busybox")));
  EXPECT_EQ(Ok("get events -n versions --field-selector involvedObject.name=web "
               "-o jsonpath={.items[0].message}"),
            "pulled image busybox");
  EXPECT_EQ(Ok("get events.v1.events.k8s.io -n versions --field-selector regarding.name=web "
               "-o jsonpath={.items[0].reportingController}"),
            "wisp.io/kubelet");
  CommandResult strict = K("create -n versions -f " +
                           cluster_->WriteFile("bad-event.yaml", R"(apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: bad}
regarding: {kind: Pod, name: web, namespace: versions}
reason: Pulled
type: Sometimes
)"));
  EXPECT_NE(strict.exit_code, 0);
  EXPECT_THAT(strict.output,
              AllOf(HasSubstr("eventTime: Required value"), HasSubstr("type: Invalid value")));

  Ok("create deployment web -n versions --image=busybox");
  Ok("autoscale deployment web -n versions --max=5 --cpu-percent=50");
  EXPECT_THAT(Ok("get hpa -n versions"), HasSubstr("cpu: <unknown>/50%"));
  std::string v1 =
      Ok("get --raw /apis/autoscaling/v1/namespaces/versions/horizontalpodautoscalers/web");
  EXPECT_THAT(v1, AllOf(HasSubstr(R"("apiVersion":"autoscaling/v1")"),
                        HasSubstr(R"("targetCPUUtilizationPercentage":50)")));
  // A v2-only field set through v2 survives in v1 as an annotation.
  Ok(R"(patch hpa web -n versions --type=merge -p '{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}}')");
  EXPECT_THAT(Ok("get --raw /apis/autoscaling/v1/namespaces/versions/horizontalpodautoscalers/web"),
              HasSubstr("autoscaling.alpha.kubernetes.io/behavior"));
}

TEST_P(KubectlTest, ServiceAccountTokensAuthenticateUntilTheAccountIsDeleted) {
  Namespace("tokens");
  Ok("create serviceaccount builder -n tokens");
  std::string token = Ok("create token builder -n tokens --duration=20m");
  ASSERT_FALSE(token.empty());
  auto as_sa = [&](const std::string& args) { return K("--token=" + token + " " + args); };
  CommandResult who = as_sa("auth whoami");
  EXPECT_EQ(who.exit_code, 0) << who.output;
  EXPECT_THAT(who.output, AllOf(HasSubstr("system:serviceaccount:tokens:builder"),
                                HasSubstr("system:serviceaccounts:tokens"),
                                HasSubstr("authentication.kubernetes.io/credential-id")));
  EXPECT_EQ(as_sa("get configmaps -n tokens").exit_code, 0);
  CommandResult write = as_sa("create configmap nope -n tokens");
  EXPECT_NE(write.exit_code, 0);
  EXPECT_THAT(write.output, HasSubstr("User \"system:serviceaccount:tokens:builder\" cannot"));
  // A subresource is named inside the quotes, as upstream's authorizer says it.
  EXPECT_THAT(as_sa("create token builder -n tokens").output,
              HasSubstr("cannot create resource \"serviceaccounts/token\" in API group \"\" in "
                        "the namespace \"tokens\""));
  CommandResult short_lived = K("create token builder -n tokens --duration=1m");
  EXPECT_NE(short_lived.exit_code, 0);
  EXPECT_THAT(short_lived.output, HasSubstr("may not specify a duration less than 10 minutes"));
  EXPECT_THAT(K("create token nobody -n tokens").output,
              HasSubstr("serviceaccounts \"nobody\" not found"));

  // What a webhook or the kubelet asks: whose token is this?
  EXPECT_EQ(Ok("create -o jsonpath={.status.user.username} -f " +
               cluster_->WriteFile("review.json",
                                   R"({"apiVersion":"authentication.k8s.io/v1",
                                       "kind":"TokenReview","spec":{"token":")" +
                                       token + R"("}})")),
            "system:serviceaccount:tokens:builder");

  // The issuer's discovery documents name the key that signed the token.
  EXPECT_THAT(Ok("get --raw /.well-known/openid-configuration"),
              HasSubstr(R"("issuer":"https://kubernetes.default.svc.cluster.local")"));
  EXPECT_THAT(Ok("get --raw /openid/v1/jwks"),
              AllOf(HasSubstr(R"("kty":"RSA")"), HasSubstr(R"("alg":"RS256")")));

  // A long-lived token Secret (the documented way to get one) is filled in.
  Ok("create -n tokens -f " + cluster_->WriteFile("token-secret.yaml", R"(apiVersion: v1
kind: Secret
metadata:
  name: builder-token
  annotations: {kubernetes.io/service-account.name: builder}
type: kubernetes.io/service-account-token
)"));
  std::string legacy;
  ASSERT_TRUE(wisp::testing::WaitFor(
      [&] {
        legacy = K("get secret builder-token -n tokens -o jsonpath={.data.token}").output;
        return !legacy.empty();
      },
      std::chrono::seconds(10)));
  legacy = Shell("echo " + legacy + " | base64 -d").output;
  CommandResult legacy_who = K("--token=" + legacy + " auth whoami");
  EXPECT_THAT(legacy_who.output, HasSubstr("system:serviceaccount:tokens:builder"));

  Ok("delete serviceaccount builder -n tokens");
  for (const std::string& t : {token, legacy}) {
    CommandResult after = K("--token=" + t + " auth whoami");
    EXPECT_NE(after.exit_code, 0);
    EXPECT_THAT(after.output, HasSubstr("Unauthorized"));
  }
}

// Admission that reads other objects: the pod's service account (and its
// token volume) and priority class.
TEST_P(KubectlTest, PodsGetTheirServiceAccountAndPriority) {
  Namespace("admitted");
  Ok("run web -n admitted --image=busybox --restart=Never -- sleep 100");
  EXPECT_EQ(Ok("get pod web -n admitted -o jsonpath={.spec.serviceAccountName}"), "default");
  EXPECT_THAT(Ok("get pod web -n admitted -o jsonpath={.spec.containers[0].volumeMounts[0]}"),
              AllOf(HasSubstr("kube-api-access-"),
                    HasSubstr("/var/run/secrets/kubernetes.io/serviceaccount")));
  CommandResult nosa = K(
      R"(run ghost -n admitted --image=busybox --overrides='{"spec":{"serviceAccountName":"nosa"}}')");
  EXPECT_NE(nosa.exit_code, 0);
  EXPECT_THAT(nosa.output, HasSubstr("error looking up service account admitted/nosa: "
                                     "serviceaccount \"nosa\" not found"));
  EXPECT_EQ(Ok("get priorityclass system-node-critical -o jsonpath={.value}"), "2000001000");
  Ok(R"(run critical -n admitted --image=busybox --overrides='{"spec":{"priorityClassName":"system-cluster-critical"}}')");
  EXPECT_EQ(Ok("get pod critical -n admitted -o jsonpath={.spec.priority}"), "2000000000");
  CommandResult nope = K(
      R"(run nope -n admitted --image=busybox --overrides='{"spec":{"priorityClassName":"nope"}}')");
  EXPECT_THAT(nope.output, HasSubstr("no PriorityClass with name nope was found"));
}

// A claim a pod uses stays (Terminating) until the pod goes; then it goes.
TEST_P(KubectlTest, ClaimsInUseStayUntilTheirPodsGo) {
  Namespace("claims");
  Ok("create -n claims -f " + cluster_->WriteFile("claim.yaml", R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  nodeName: n1
  containers: [{name: c, image: busybox}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
)"));
  EXPECT_EQ(Ok("get pvc data -n claims -o jsonpath={.metadata.finalizers}"),
            R"(["kubernetes.io/pvc-protection"])");
  Ok("delete pvc data -n claims --wait=false");
  // (That housekeeping keeps it while the pod exists is the unit test's.)
  EXPECT_THAT(Ok("get pvc data -n claims -o jsonpath={.metadata.deletionTimestamp}"),
              Not(::testing::IsEmpty()));
  Ok("delete pod db -n claims --grace-period=0 --force");
  Ok("wait --for=delete pvc/data -n claims --timeout=20s");
}

// Prometheus scrapes the API server's /metrics under upstream's names.
TEST_P(KubectlTest, MetricsCountRequestsAndObjects) {
  Namespace("metrics");
  Ok("create configmap counted -n metrics");
  std::string text = Ok("get --raw /metrics");
  EXPECT_THAT(text, AllOf(HasSubstr(R"(apiserver_request_total{verb="POST",dry_run="",group="",)"
                                    R"(version="v1",resource="configmaps",subresource="",)"
                                    R"(scope="namespace",component="apiserver",code="201"})"),
                          HasSubstr(R"(apiserver_storage_objects{resource="configmaps"})"),
                          HasSubstr("apiserver_request_duration_seconds_bucket{"),
                          HasSubstr("process_resident_memory_bytes ")));
}

// `wisp kubeconfig admin` prints the admin kubeconfig; `wisp kubectl ...`
// hands every argument after `kubectl` to the installed kubectl with it.
TEST_P(KubectlTest, WispKubectlRunsKubectlAsTheAdmin) {
  const char* bin = getenv("WISP_BINARY");
  const std::string wisp =
      std::string(bin ? bin : "wisp") + " --data-dir " + cluster_->dir() + "/data ";
  CommandResult conf = Shell(wisp + "kubeconfig admin");
  EXPECT_EQ(conf.exit_code, 0) << conf.output;
  EXPECT_THAT(conf.output, AllOf(HasSubstr("client-certificate-data:"),
                                 HasSubstr("server: \"https://127.0.0.1:")));
  CommandResult get = Shell(wisp + "kubectl get namespace default -o name");
  EXPECT_EQ(get.exit_code, 0) << get.output;
  EXPECT_EQ(get.output, "namespace/default\n");
  CommandResult flags = Shell(wisp + "kubectl -n kube-system get serviceaccount default -o name");
  EXPECT_EQ(flags.exit_code, 0) << flags.output;
  EXPECT_EQ(flags.output, "serviceaccount/default\n");
  // Discovery's server address carries the port, as upstream's.
  EXPECT_THAT(Ok("get --raw /api"), HasSubstr(":" + std::to_string(cluster_->api_port()) + "\"}]"));
  // A watch-list not older than a version the store never reached: after
  // 3 s, an ERROR event with the 504 client-go relists on.
  std::string future =
      Ok("get --raw '/api/v1/namespaces/default/configmaps?watch=1&sendInitialEvents=true&"
         "resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=999999999'");
  EXPECT_THAT(future, AllOf(HasSubstr("\"type\":\"ERROR\""),
                            HasSubstr("Too large resource version: 999999999"),
                            HasSubstr("ResourceVersionTooLarge")));
  // A single health check by its full name, '/' included.
  EXPECT_EQ(Ok("get --raw /readyz/poststarthook/bootstrap-controller"), "ok");
}

}  // namespace
}  // namespace wisp::e2e
