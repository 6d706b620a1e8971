// kubectl against `wisp controller`, once on the SQLite datastore and once on
// a real etcd: the acceptance scenario of the API machinery issue. Each suite
// shares one cluster (starting one takes seconds); tests use their own
// namespaces so they do not see each other's objects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "absl/strings/escaping.h"
#include "e2e/kubectl/cluster.h"
#include "e2e/kubectl/kubectl_fixture.h"
#include "wisp/tls/csr.h"
#include "wisp/tls/key.h"

namespace wisp::e2e {

std::unique_ptr<Cluster> KubectlTest::sqlite_;
std::unique_ptr<Cluster> KubectlTest::etcd_;

namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kConfigMaps[] = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: one
  labels: {app: web, tier: front}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: two
  labels: {app: db}
data: {a: "1", b: "2"}
)";

TEST_P(KubectlTest, VersionClusterInfoAndDiscovery) {
  EXPECT_THAT(Ok("version -o json"), HasSubstr("\"gitVersion\": \"v1.32"));
  EXPECT_THAT(Ok("cluster-info"), HasSubstr("is running at https://127.0.0.1:"));
  std::string resources = Ok("api-resources");
  EXPECT_THAT(resources, AllOf(HasSubstr("pods"), HasSubstr("deployments"), HasSubstr("apps/v1"),
                               HasSubstr("cm"), HasSubstr("ConfigMap")));
  std::string versions = Ok("api-versions");
  EXPECT_THAT(versions, AllOf(HasSubstr("apps/v1"), HasSubstr("batch/v1"),
                              HasSubstr("rbac.authorization.k8s.io/v1"), HasSubstr("v1\n")));
}

TEST_P(KubectlTest, AuthWhoamiAndCanI) {
  std::string who = Ok("auth whoami");
  EXPECT_THAT(who, AllOf(HasSubstr("kubernetes-admin"), HasSubstr("system:masters"),
                         HasSubstr("system:authenticated")));
  EXPECT_EQ(Ok("auth can-i create pods"), "yes\n");
  EXPECT_EQ(Ok("auth can-i delete nodes --all-namespaces"), "yes\n");
  EXPECT_THAT(Ok("auth can-i --list"), HasSubstr("*.*"));
  // Impersonation (--as): masters may act as another user, who may only read.
  EXPECT_THAT(Ok("auth whoami --as=bob --as-group=ops"),
              AllOf(HasSubstr("bob"), HasSubstr("ops"), Not(HasSubstr("system:masters"))));
  EXPECT_EQ(K("auth can-i create pods --as=bob").output, "no\n");
  EXPECT_EQ(Ok("auth can-i list pods --as=bob"), "yes\n");
  CommandResult write = K("create configmap as-bob --as=bob");
  EXPECT_NE(write.exit_code, 0);
  EXPECT_THAT(write.output, HasSubstr("User \"bob\" cannot create resource \"configmaps\""));
}

TEST_P(KubectlTest, DrainCordonsAndEvictsThroughTheEvictionApi) {
  Namespace("drain");
  Ok("create -f " + cluster_->WriteFile("node.json",
                                        R"({"apiVersion":"v1","kind":"Node",
                                            "metadata":{"name":"drained-node"}})"));
  Ok("run web -n drain --image=busybox -- sleep 1000");
  // What a scheduler does: bind the pod to the node.
  Ok("create --raw /api/v1/namespaces/drain/pods/web/binding -f " +
     cluster_->WriteFile("binding.json", R"({"apiVersion":"v1","kind":"Binding",
         "metadata":{"name":"web"},"target":{"kind":"Node","name":"drained-node"}})"));
  EXPECT_EQ(Ok("get pod web -n drain -o jsonpath={.spec.nodeName}"), "drained-node");
  std::string out = Ok("drain drained-node --force --grace-period=0 --timeout=60s");
  EXPECT_THAT(out,
              AllOf(HasSubstr("cordoned"), HasSubstr("pod/web evicted"), HasSubstr("drained")));
  EXPECT_EQ(Ok("get node drained-node -o jsonpath={.spec.unschedulable}"), "true");
  EXPECT_THAT(K("get pod web -n drain").output, HasSubstr("not found"));
}

TEST_P(KubectlTest, ApprovedClientCsrGivesACertificateThatAuthenticates) {
  auto key = tls::GenerateKeyPair();
  ASSERT_TRUE(key.ok());
  tls::CertRequest want;
  want.common_name = "alice";
  want.organizations = {"devs"};
  want.usages.client_auth = true;
  auto csr = tls::CreateCsr(want, key->private_pem);
  ASSERT_TRUE(csr.ok()) << csr.status();
  Ok("create -f " + cluster_->WriteFile("csr.json", R"({"apiVersion":"certificates.k8s.io/v1",
         "kind":"CertificateSigningRequest","metadata":{"name":"alice"},
         "spec":{"signerName":"kubernetes.io/kube-apiserver-client","usages":["client auth"],
                 "expirationSeconds":3600,"request":")" +
                                                        absl::Base64Escape(*csr) + "\"}}"));
  EXPECT_THAT(Ok("get csr alice"), HasSubstr("Pending"));
  Ok("certificate approve alice");
  std::string cert_b64;
  EXPECT_TRUE(WaitFor(
      [&] {
        cert_b64 = K("get csr alice -o jsonpath={.status.certificate}").output;
        return !cert_b64.empty();
      },
      std::chrono::seconds(15)));
  EXPECT_THAT(Ok("get csr alice"),
              AllOf(HasSubstr("Approved,Issued"), HasSubstr("kubernetes-admin"), HasSubstr("60m")));
  std::string cert;
  ASSERT_TRUE(absl::Base64Unescape(cert_b64, &cert));
  // A kubeconfig for alice: the cluster of the admin's, her certificate and key.
  std::string conf = cluster_->dir() + "/alice.conf";
  CommandResult made =
      Shell("cp " + cluster_->kubeconfig() + " " + conf + " && kubectl --kubeconfig " + conf +
            " config set-credentials kubernetes-admin --embed-certs=true --client-certificate=" +
            cluster_->WriteFile("alice.crt", cert) +
            " --client-key=" + cluster_->WriteFile("alice.key", key->private_pem));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto alice = [&](const std::string& args) {
    return Shell("kubectl --kubeconfig " + conf + " --request-timeout=20s " + args);
  };
  CommandResult who = alice("auth whoami");
  EXPECT_EQ(who.exit_code, 0) << who.output;
  EXPECT_THAT(who.output, AllOf(HasSubstr("alice"), HasSubstr("devs")));
  // Alice may read, not write, until RBAC.
  EXPECT_EQ(alice("get namespaces").exit_code, 0);
  CommandResult write = alice("create configmap nope");
  EXPECT_NE(write.exit_code, 0);
  EXPECT_THAT(write.output, HasSubstr("forbidden"));
  EXPECT_EQ(alice("auth can-i create configmaps").output, "no\n");
  EXPECT_EQ(alice("auth can-i list pods").output, "yes\n");
}

TEST_P(KubectlTest, ListFilesAreValidatedAndCreated) {
  // kubectl validates the items of a `kind: List` against /openapi/v2.
  Namespace("lists");
  std::string good = cluster_->WriteFile("list.yaml", R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: one, namespace: lists}
  data: {a: "1"}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: lists}
  spec:
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers:
        - name: c
          image: nginx
          resources: {limits: {cpu: 1, memory: 128Mi}}
          ports: [{containerPort: 80, name: http}]
)");
  EXPECT_THAT(Ok("create -f " + good),
              AllOf(HasSubstr("configmap/one created"), HasSubstr("deployment.apps/web created")));
  std::string bad = cluster_->WriteFile("bad-list.yaml", R"(apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: two, namespace: lists}
  bogus: 1
)");
  CommandResult refused = K("create -f " + bad);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("unknown field \"bogus\""));
  EXPECT_THAT(K("get cm two -n lists").output, HasSubstr("not found"));
  // What `get -o yaml` writes for several objects is such a List.
  std::string saved = Ok("get cm/one deploy/web -n lists -o yaml");
  Ok("delete cm/one deploy/web -n lists");
  EXPECT_THAT(Ok("create -f " + cluster_->WriteFile("saved.yaml", saved)),
              HasSubstr("deployment.apps/web created"));
}

TEST_P(KubectlTest, SystemNamespacesAndKubernetesServiceExist) {
  std::string ns = Ok("get namespaces -o name");
  for (const char* want : {"namespace/default", "namespace/kube-system", "namespace/kube-public",
                           "namespace/kube-node-lease"}) {
    EXPECT_THAT(ns, HasSubstr(want));
  }
  CommandResult del = K("delete namespace default");
  EXPECT_NE(del.exit_code, 0);
  EXPECT_THAT(del.output, HasSubstr("namespaces \"default\" is forbidden: this namespace may not "
                                    "be deleted"));
  EXPECT_EQ(Ok("get namespace default -o jsonpath={.status.phase}"), "Active");
  EXPECT_EQ(Ok("get service kubernetes -o jsonpath={.spec.clusterIP}"), "10.96.0.1");
  // Each namespace, new ones too, gets a default ServiceAccount and the cluster CA.
  Namespace("fresh");
  EXPECT_TRUE(WaitFor([&] { return K("get serviceaccount default -n fresh").exit_code == 0; },
                      std::chrono::seconds(10)));
  std::string ca = Ok("get configmap kube-root-ca.crt -n fresh -o 'jsonpath={.data.ca\\.crt}'");
  EXPECT_THAT(ca, HasSubstr("-----BEGIN CERTIFICATE-----"));
  // ... the same CA the admin kubeconfig trusts.
  EXPECT_EQ(Shell("kubectl --kubeconfig " + cluster_->kubeconfig() +
                  " config view --raw --minify"
                  " -o jsonpath={.clusters[0].cluster.certificate-authority-data} | base64 -d")
                .output,
            ca);
  EXPECT_THAT(Ok("get serviceaccounts -n kube-system -o name"),
              HasSubstr("serviceaccount/default"));
  EXPECT_THAT(Ok("get endpoints kubernetes -o jsonpath={.subsets[0].ports[0].port}"),
              HasSubstr(std::to_string(cluster_->api_port())));
  // A deleted kubernetes Service comes back with its address, as upstream's
  // 10 s reconciler brings it back.
  Ok("delete service kubernetes");
  EXPECT_TRUE(WaitFor(
      [&] {
        return K("get service kubernetes -o jsonpath={.spec.clusterIP}").output == "10.96.0.1";
      },
      std::chrono::seconds(15)));
}

TEST_P(KubectlTest, CreateGetInEveryOutputFormat) {
  Namespace("fmt");
  std::string file = cluster_->WriteFile("cms.yaml", kConfigMaps);
  EXPECT_THAT(Ok("create -n fmt -f " + file),
              AllOf(HasSubstr("configmap/one created"), HasSubstr("configmap/two created")));
  std::string table = Ok("get cm -n fmt");
  EXPECT_THAT(table, AllOf(HasSubstr("NAME"), HasSubstr("DATA"), HasSubstr("AGE"), HasSubstr("one"),
                           HasSubstr("two")));
  EXPECT_THAT(Ok("get cm two -n fmt -o json"), HasSubstr("\"b\": \"2\""));
  EXPECT_THAT(Ok("get cm two -n fmt -o yaml"), HasSubstr("b: \"2\""));
  EXPECT_EQ(Ok("get cm -n fmt -l app=web -o name"), "configmap/one\n");
  EXPECT_EQ(Ok("get cm -n fmt -l 'app in (db)' -o name"), "configmap/two\n");
  EXPECT_EQ(Ok("get cm -n fmt -l 'app,!tier' -o name"), "configmap/two\n");
  EXPECT_EQ(Ok("get cm -n fmt --field-selector metadata.name=two -o name"), "configmap/two\n");
  EXPECT_EQ(Ok("get cm one -n fmt -o jsonpath={.data.a}"), "1");
  EXPECT_THAT(Ok("get cm -n fmt --show-labels"), HasSubstr("app=web,tier=front"));
  EXPECT_THAT(Ok("get cm -A"), AllOf(HasSubstr("NAMESPACE"), HasSubstr("fmt")));
  EXPECT_THAT(Ok("get cm -n fmt --chunk-size=1 -o name"),
              AllOf(HasSubstr("configmap/one"), HasSubstr("configmap/two")));
  CommandResult bad = K("get cm -n fmt --field-selector data.a=1");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("\"data.a\" is not a known field selector: only "
                                    "\"metadata.name\", \"metadata.namespace\""));
  CommandResult bad_pod = K("get pods -n fmt --field-selector spec.bogus=1");
  EXPECT_THAT(bad_pod.output, HasSubstr("field label not supported: spec.bogus"));
}

TEST_P(KubectlTest, ErrorsForMissingConflictingAndInvalidObjects) {
  Namespace("errs");
  CommandResult missing = K("get cm nope -n errs");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.output, HasSubstr("configmaps \"nope\" not found"));

  Ok("create configmap c -n errs --from-literal=k=v");
  std::string stale = Ok("get cm c -n errs -o json");
  Ok("label cm c -n errs x=1");
  std::string path = cluster_->WriteFile("stale.json", stale);
  CommandResult conflict = K("replace -f " + path);
  EXPECT_NE(conflict.exit_code, 0);
  EXPECT_THAT(conflict.output, HasSubstr("the object has been modified"));

  CommandResult exists = K("create configmap c -n errs");
  EXPECT_NE(exists.exit_code, 0);
  EXPECT_THAT(exists.output, HasSubstr("configmaps \"c\" already exists"));

  std::string invalid = cluster_->WriteFile(
      "invalid.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n");
  CommandResult inv = K("create -n errs -f " + invalid);
  EXPECT_NE(inv.exit_code, 0);
  EXPECT_THAT(inv.output, AllOf(HasSubstr("is invalid"), HasSubstr("metadata.name")));

  CommandResult nons = K("create configmap z -n does-not-exist");
  EXPECT_NE(nons.exit_code, 0);
  EXPECT_THAT(nons.output, HasSubstr("namespaces \"does-not-exist\" not found"));
}

// kubectl's generators (create deployment/secret/service/job/...) send
// protobuf request bodies; the decoded objects must carry every field.
TEST_P(KubectlTest, GeneratorsSendProtobufBodies) {
  Namespace("gen");
  Ok("create secret generic s -n gen --from-literal=k=v");
  EXPECT_EQ(Ok("get secret s -n gen -o jsonpath={.data.k}"), "dg==");
  Ok("create deployment web -n gen --image=busybox:1.36 --replicas=2 --port=8080");
  EXPECT_EQ(Ok("get deploy web -n gen -o jsonpath={.spec.replicas}/"
               "{.spec.template.spec.containers[0].image}/"
               "{.spec.template.spec.containers[0].ports[0].containerPort}/"
               "{.spec.selector.matchLabels.app}"),
            "2/busybox:1.36/8080/web");
  Ok("create service clusterip web -n gen --tcp=80:8080");
  EXPECT_EQ(Ok("get svc web -n gen -o jsonpath={.spec.ports[0].port}/"
               "{.spec.ports[0].targetPort}/{.spec.type}"),
            "80/8080/ClusterIP");
  EXPECT_THAT(Ok("get svc web -n gen -o jsonpath={.spec.clusterIP}"), Not(IsEmpty()));
  Ok("create serviceaccount robot -n gen");
  Ok("create job once -n gen --image=busybox:1.36 -- echo hi");
  EXPECT_EQ(Ok("get job once -n gen -o jsonpath={.spec.template.spec.containers[0].command[0]}/"
               "{.spec.template.spec.restartPolicy}"),
            "echo/Never");
  Ok("create quota q -n gen --hard=pods=3");
  EXPECT_EQ(Ok("get quota q -n gen -o jsonpath={.spec.hard.pods}"), "3");
  Ok("create priorityclass high-gen --value=1000");
  EXPECT_EQ(Ok("get priorityclass high-gen -o jsonpath={.value}"), "1000");
  Ok("delete priorityclass high-gen");
}

TEST_P(KubectlTest, StrictValidationRejectsUnknownFields) {
  Namespace("strict");
  std::string file = cluster_->WriteFile(
      "unknown.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\n  bogus: 1\ndata: {a: b}\n");
  CommandResult r = K("create -n strict -f " + file);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
                                  "strict decoding error: unknown field \"metadata.bogus\""));
  Ok("create -n strict --validate=false -f " + file);
}

TEST_P(KubectlTest, LabelAnnotateScaleDescribeDelete) {
  Namespace("ops");
  std::string deploy = cluster_->WriteFile("deploy.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: busybox}]
)");
  Ok("create -n ops -f " + deploy);
  EXPECT_EQ(Ok("get deploy web -n ops -o jsonpath={.spec.strategy.type}"), "RollingUpdate");
  EXPECT_EQ(
      Ok("get deploy web -n ops -o jsonpath={.spec.template.spec.containers[0].imagePullPolicy}"),
      "Always");
  EXPECT_EQ(Ok("get deploy web -n ops -o jsonpath={.metadata.generation}"), "1");
  Ok("label deploy web -n ops tier=back");
  Ok("annotate deploy web -n ops note=hi");
  EXPECT_EQ(Ok("get deploy web -n ops -o jsonpath={.metadata.labels.tier}"), "back");
  EXPECT_EQ(Ok("get deploy web -n ops -o jsonpath={.metadata.annotations.note}"), "hi");
  EXPECT_THAT(Ok("scale deploy web -n ops --replicas=3"), HasSubstr("scaled"));
  EXPECT_EQ(Ok("get deploy web -n ops -o jsonpath={.spec.replicas}"), "3");
  EXPECT_EQ(Ok("get deploy web -n ops -o jsonpath={.metadata.generation}"), "2");
  EXPECT_THAT(Ok("describe deploy web -n ops"),
              AllOf(HasSubstr("Name:"), HasSubstr("web"), HasSubstr("Replicas:")));
  EXPECT_THAT(Ok("get all -n ops"), HasSubstr("deployment.apps/web"));

  Ok("create configmap a -n ops");
  Ok("create configmap b -n ops");
  Ok("label cm a -n ops gone=yes");
  EXPECT_THAT(Ok("delete cm -n ops -l gone=yes"), HasSubstr("configmap \"a\" deleted"));
  EXPECT_THAT(Ok("get cm -n ops -o name"), Not(HasSubstr("configmap/a")));
  EXPECT_THAT(Ok("delete cm -n ops --all"), HasSubstr("configmap \"b\" deleted"));
  EXPECT_THAT(Ok("get cm -n ops -o name"), Not(HasSubstr("configmap/b")));
  EXPECT_THAT(Ok("delete deploy web -n ops"), HasSubstr("deleted"));
}

TEST_P(KubectlTest, WatchStreamsChanges) {
  Namespace("watch");
  std::string out = cluster_->dir() + "/watch.out";
  // kubectl get -w in the background for a few seconds.
  std::thread watcher([&] {
    Shell("timeout 8 kubectl --kubeconfig " + cluster_->kubeconfig() +
          " get cm -n watch -w --output-watch-events > " + out + " 2>&1");
  });
  // A selecting watch: an object that leaves the selection is DELETED
  // carrying the last state that matched, as upstream's watch cache sends it.
  std::string selected = cluster_->dir() + "/selected.out";
  std::thread selecting([&] {
    Shell("timeout 8 kubectl --kubeconfig " + cluster_->kubeconfig() +
          " get cm -n watch -l a=b -w --watch-only --output-watch-events -o "
          "jsonpath='{.type} {.object.metadata.labels.a}{\"\\n\"}' > " +
          selected + " 2>&1");
  });
  // Give kubectl time to list and open its watch (nothing to poll for).
  std::this_thread::sleep_for(std::chrono::seconds(2));
  Ok("create configmap w1 -n watch");
  Ok("label cm w1 -n watch a=b");
  Ok("label cm w1 -n watch a=c --overwrite");
  Ok("delete cm w1 -n watch");
  watcher.join();
  selecting.join();
  std::string events = Shell("cat " + out).output;
  EXPECT_THAT(events, AllOf(HasSubstr("ADDED"), HasSubstr("MODIFIED"), HasSubstr("DELETED"),
                            HasSubstr("w1")));
  EXPECT_EQ(Shell("cat " + selected).output, "ADDED b\nDELETED b\n");
}

TEST_P(KubectlTest, NamespaceDeletionRemovesContent) {
  Namespace("doomed");
  Ok("create configmap x -n doomed");
  Ok("delete namespace doomed --wait=false");
  EXPECT_TRUE(
      WaitFor([&] { return K("get namespace doomed").exit_code != 0; }, std::chrono::seconds(30)));
  EXPECT_THAT(K("get cm x -n doomed").output, HasSubstr("not found"));
}

TEST_P(KubectlTest, UnauthenticatedRequestsAreRejected) {
  CommandResult r = Shell("curl -sk https://127.0.0.1:" + std::to_string(cluster_->api_port()) +
                          "/api/v1/namespaces");
  // curl gets indented JSON, as upstream's isPrettyPrint gives it; other
  // clients the compact form.
  EXPECT_THAT(r.output, HasSubstr("\n  \"code\": 401"));
  CommandResult compact =
      Shell("curl -sk -A wisp-test https://127.0.0.1:" + std::to_string(cluster_->api_port()) +
            "/api/v1/namespaces");
  EXPECT_THAT(compact.output, HasSubstr("\"code\":401"));
  CommandResult health =
      Shell("curl -sk https://127.0.0.1:" + std::to_string(cluster_->api_port()) + "/readyz");
  EXPECT_EQ(health.output, "ok");
  CommandResult excluded =
      Shell("curl -sk 'https://127.0.0.1:" + std::to_string(cluster_->api_port()) +
            "/readyz?verbose&exclude=etcd&exclude=nothing'");
  EXPECT_THAT(excluded.output,
              AllOf(HasSubstr("[+]etcd excluded: ok\n"), HasSubstr("[+]ping ok\n"),
                    HasSubstr("no matches for \"nothing\"\n"), HasSubstr("readyz check passed")));
}

TEST_P(KubectlTest, RestartLosesNothing) {
  Namespace("keep");
  Ok("create configmap kept -n keep --from-literal=k=v");
  std::string before = Ok("get cm kept -n keep -o jsonpath={.metadata.uid}");
  cluster_->Stop();
  ASSERT_TRUE(cluster_->Start()) << cluster_->Logs();
  EXPECT_EQ(Ok("get cm kept -n keep -o jsonpath={.metadata.uid}"), before);
  EXPECT_EQ(Ok("get cm kept -n keep -o jsonpath={.data.k}"), "v");
}

INSTANTIATE_TEST_SUITE_P(Storage, KubectlTest, ::testing::Values(Storage::kSqlite, Storage::kEtcd),
                         [](const auto& info) {
                           return info.param == Storage::kSqlite ? std::string("Sqlite")
                                                                 : std::string("Etcd");
                         });

}  // namespace
}  // namespace wisp::e2e
