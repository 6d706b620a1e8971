// kubectl against `wisp controller`: cascading deletion (`--cascade`
// background, orphan and foreground) through ownerReferences, and
// ResourceQuota.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e/kubectl/kubectl_fixture.h"

namespace wisp::e2e {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST_P(KubectlTest, CascadingDeletionFollowsOwnerReferences) {
  Namespace("cascade");
  // One owner per policy, each with a Secret that names it as owner.
  auto own = [&](const std::string& owner, const std::string& dependent) {
    Ok("create configmap " + owner + " -n cascade --from-literal=k=v");
    std::string uid = Ok("get configmap " + owner + " -n cascade -o jsonpath={.metadata.uid}");
    Ok("create -n cascade -f " +
       cluster_->WriteFile(dependent + ".yaml", R"(apiVersion: v1
kind: Secret
metadata:
  name: )" + dependent + R"(
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: )" + owner +
                                                    ", uid: " + uid +
                                                    R"(, blockOwnerDeletion: true}
stringData: {k: v}
)"));
  };
  auto gone = [&](const std::string& what) {
    return wisp::testing::WaitFor(
        [&] {
          CommandResult r = K("get " + what + " -n cascade");
          return r.exit_code != 0 && r.output.find("NotFound") != std::string::npos;
        },
        std::chrono::seconds(15));
  };
  // Duplicate references are dropped with upstream's warning.
  Ok("create configmap dup-owner -n cascade");
  std::string dup_uid = Ok("get configmap dup-owner -n cascade -o jsonpath={.metadata.uid}");
  CommandResult dup = K("create -n cascade -f " + cluster_->WriteFile("dup.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: dup
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: dup-owner, uid: )" + dup_uid + R"(}
  - {apiVersion: v1, kind: ConfigMap, name: dup-owner, uid: )" + dup_uid + R"(}
)"));
  EXPECT_EQ(dup.exit_code, 0) << dup.output;
  EXPECT_THAT(dup.output, HasSubstr("Warning: .metadata.ownerReferences contains duplicate "
                                    "entries; API server dedups owner references"));
  own("bg", "bg-dep");
  own("orphan", "orphan-dep");
  own("fg", "fg-dep");

  // Background (kubectl's default): the owner goes, then its dependents.
  Ok("delete configmap bg -n cascade");
  EXPECT_TRUE(gone("secret/bg-dep"));

  // Orphan: the dependent stays and no longer names the owner.
  Ok("delete configmap orphan -n cascade --cascade=orphan --timeout=30s");
  EXPECT_TRUE(gone("configmap/orphan"));
  EXPECT_EQ(Ok("get secret orphan-dep -n cascade -o jsonpath={.metadata.ownerReferences}"), "");

  // Foreground: kubectl waits for the owner, which waits for its dependents.
  CommandResult fg = K("delete configmap fg -n cascade --cascade=foreground --timeout=30s");
  EXPECT_EQ(fg.exit_code, 0) << fg.output;
  EXPECT_THAT(fg.output, HasSubstr("configmap \"fg\" deleted"));
  CommandResult dep = K("get secret fg-dep -n cascade");
  EXPECT_NE(dep.exit_code, 0) << "deleted before its owner";
  EXPECT_THAT(dep.output, HasSubstr("NotFound"));
}

TEST_P(KubectlTest, ResourceQuotasLimitWhatANamespaceHolds) {
  Namespace("quota");
  Ok("create quota q -n quota --hard=pods=1,requests.cpu=1,count/configmaps=3");
  CommandResult bare = K("run bare -n quota --image=busybox --restart=Never");
  EXPECT_NE(bare.exit_code, 0);
  EXPECT_THAT(bare.output, HasSubstr("pods \"bare\" is forbidden: failed quota: q: must specify "
                                     "requests.cpu for: bare"));
  Ok("run p1 -n quota --image=busybox --restart=Never --overrides="
     "'{\"spec\":{\"containers\":[{\"name\":\"p1\",\"image\":\"busybox\","
     "\"resources\":{\"requests\":{\"cpu\":\"500m\"}}}]}}'");
  CommandResult second =
      K("run p2 -n quota --image=busybox --restart=Never --overrides="
        "'{\"spec\":{\"containers\":[{\"name\":\"p2\",\"image\":"
        "\"busybox\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]}}'");
  EXPECT_NE(second.exit_code, 0);
  EXPECT_THAT(second.output,
              HasSubstr("Error from server (Forbidden): pods \"p2\" is forbidden: exceeded "
                        "quota: q, requested: pods=1, used: pods=1, limited: pods=1"));
  // The controller's view: kubectl describe reads status.used and hard.
  std::string described;
  EXPECT_TRUE(wisp::testing::WaitFor(
      [&] {
        described = K("describe quota q -n quota").output;
        return described.find("requests.cpu      500m  1") != std::string::npos;
      },
      std::chrono::seconds(10)))
      << described;
  EXPECT_THAT(described, HasSubstr("pods              1     1"));
  // LimitRanges bound what one container may ask for.
  Ok("create -n quota -f " + cluster_->WriteFile("limits.yaml", R"(apiVersion: v1
kind: LimitRange
metadata: {name: bounds}
spec:
  limits:
  - {type: Container, max: {cpu: 200m}}
)"));
  CommandResult big =
      K("run big -n quota --image=busybox --restart=Never --overrides="
        "'{\"spec\":{\"containers\":[{\"name\":\"big\",\"image\":"
        "\"busybox\",\"resources\":{\"limits\":{\"cpu\":\"300m\"}}}]}}'");
  EXPECT_NE(big.exit_code, 0);
  EXPECT_THAT(big.output, HasSubstr("pods \"big\" is forbidden: maximum cpu usage per Container "
                                    "is 200m, but limit is 300m"));
  // Deleting the pod gives its share back.
  Ok("delete pod p1 -n quota --now");
  EXPECT_TRUE(wisp::testing::WaitFor(
      [&] { return K("get quota q -n quota -o jsonpath={.status.used.pods}").output == "0"; },
      std::chrono::seconds(10)));
}

TEST_P(KubectlTest, PodSpecsAndLimitsAreValidatedAsUpstream) {
  // A malformed quantity is refused by the decoder (400), not stored.
  CommandResult quantity = K("create -f " + cluster_->WriteFile("q.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: q}
spec:
  containers:
  - {name: c, image: busybox, resources: {limits: {memory: lots}}}
)"));
  EXPECT_NE(quantity.exit_code, 0);
  EXPECT_THAT(quantity.output, HasSubstr("quantities must match the regular expression "
                                         "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
  CommandResult spec = K("create -f " + cluster_->WriteFile("bad.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
  - name: c
    image: busybox
    resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}
    livenessProbe: {exec: {command: ["true"]}, tcpSocket: {port: 80}}
  volumes:
  - {name: v, emptyDir: {}, hostPath: {path: /tmp}}
)"));
  EXPECT_NE(spec.exit_code, 0);
  EXPECT_THAT(spec.output, HasSubstr("The Pod \"bad\" is invalid"));
  EXPECT_THAT(spec.output, HasSubstr("spec.containers[0].resources.requests: Invalid value: "
                                     "\"2\": must be less than or equal to cpu limit of 1"));
  EXPECT_THAT(spec.output, HasSubstr("spec.containers[0].livenessProbe.tcpSocket: Forbidden: may "
                                     "not specify more than 1 handler type"));
  EXPECT_THAT(spec.output, HasSubstr("spec.volumes[0].hostPath: Forbidden: may not specify more "
                                     "than 1 volume type"));
  EXPECT_NE(K("get pod bad").exit_code, 0);
  CommandResult limits = K("create -f " + cluster_->WriteFile("lr.yaml", R"(apiVersion: v1
kind: LimitRange
metadata: {name: upside-down}
spec:
  limits:
  - {type: Container, min: {cpu: "2"}, max: {cpu: "1"}}
)"));
  EXPECT_NE(limits.exit_code, 0);
  EXPECT_THAT(limits.output, HasSubstr("spec.limits[0].min[cpu]: Invalid value: \"2\": min "
                                       "value 2 is greater than max value 1"));
  CommandResult headless = K("create service nodeport hl --tcp=80 --dry-run=client -o yaml");
  ASSERT_EQ(headless.exit_code, 0);
  std::string manifest = headless.output;
  manifest.replace(manifest.find("spec:"), 5, "spec:\n  clusterIP: None");
  CommandResult exposed = K("create -f " + cluster_->WriteFile("hl.yaml", manifest));
  EXPECT_NE(exposed.exit_code, 0);
  EXPECT_THAT(exposed.output, HasSubstr("spec.clusterIPs[0]: Invalid value: \"None\": may not be "
                                        "set to 'None' for NodePort services"));
}

TEST_P(KubectlTest, StoredObjectsAreWhatUpstreamWouldStore) {
  Namespace("stored");
  // kubectl's generators send protobuf with every non-pointer field; what is
  // stored is what Go would encode again: no zero noise, struct values kept.
  Ok("create deployment gen -n stored --image=nginx --port=80");
  std::string yaml = Ok("get deploy gen -n stored -o yaml");
  EXPECT_THAT(yaml, AllOf(HasSubstr("creationTimestamp: null"), HasSubstr("resources: {}"),
                          Not(HasSubstr("paused:")), Not(HasSubstr("minReadySeconds:")),
                          Not(HasSubstr("hostPort:")), Not(HasSubstr("stdin:"))));
  // A scale to zero is kept (a pointer field).
  Ok("scale deploy gen -n stored --replicas=0");
  EXPECT_EQ(Ok("get deploy gen -n stored -o jsonpath={.spec.replicas}"), "0");

  // kubectl apply inserting an env var in the middle stores it there.
  auto manifest = [](const std::string& env) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ap, namespace: stored}\n"
           "spec:\n  selector: {matchLabels: {app: ap}}\n  template:\n"
           "    metadata: {labels: {app: ap}}\n    spec:\n      containers:\n"
           "      - name: main\n        image: nginx\n        env: [" +
           env + "]\n";
  };
  Ok("apply -f " + cluster_->WriteFile("ap1.yaml", manifest("{name: A, value: '1'}, "
                                                            "{name: C, value: '3'}")));
  Ok("apply -f " + cluster_->WriteFile("ap2.yaml", manifest("{name: A, value: '1'}, "
                                                            "{name: B, value: '2'}, "
                                                            "{name: C, value: '3'}")));
  EXPECT_EQ(
      Ok("get deploy ap -n stored -o jsonpath={.spec.template.spec.containers[0].env[*].name}"),
      "A B C");
  EXPECT_THAT(Ok("apply -f " + cluster_->WriteFile("ap3.yaml", manifest("{name: A, value: '1'}, "
                                                                        "{name: B, value: '2'}, "
                                                                        "{name: C, value: '3'}"))),
              HasSubstr("unchanged"));

  // The documented StatefulSet mounts its claim template.
  Ok("create -f " + cluster_->WriteFile("sts.yaml", R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: stored}
spec:
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: c, image: nginx, volumeMounts: [{name: data, mountPath: /data}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1024Mi}}}
)"));
  EXPECT_EQ(Ok("get sts web -n stored -o "
               "jsonpath={.spec.volumeClaimTemplates[0].spec.resources.requests.storage}/"
               "{.spec.volumeClaimTemplates[0].status.phase}"),
            "1Gi/Pending");
}

// A Service may become an ExternalName (its IP is freed) and back (it gets
// one); claims and ingresses naming no class get the default one.
TEST_P(KubectlTest, ServiceTypeChangesAndDefaultClasses) {
  Namespace("svctype");
  Ok("create service clusterip db -n svctype --tcp=5432:5432");
  const std::string ip = Ok("get svc db -n svctype -o jsonpath={.spec.clusterIP}");
  EXPECT_FALSE(ip.empty());
  Ok("patch svc db -n svctype --type=merge -p "
     "'{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}}'");
  EXPECT_EQ(Ok("get svc db -n svctype -o jsonpath={.spec.clusterIP}/{.spec.externalName}"),
            "/db.example.com");
  // The freed address can be asked for again.
  Ok("create service clusterip again -n svctype --tcp=80:80 --clusterip=" + ip);
  Ok("patch svc db -n svctype --type=merge -p '{\"spec\":{\"type\":\"ClusterIP\"}}'");
  const std::string back = Ok("get svc db -n svctype -o jsonpath={.spec.clusterIP}");
  EXPECT_FALSE(back.empty());
  EXPECT_NE(back, ip);

  Ok("create -f " + cluster_->WriteFile("classes.yaml", R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: example.com/local
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: example.com/ingress}
)"));
  Ok("create -f " + cluster_->WriteFile("claim.yaml", R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: svctype}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
)"));
  EXPECT_EQ(Ok("get pvc data -n svctype -o jsonpath={.spec.storageClassName}"), "local");
  Ok("create ingress web -n svctype --rule=web.example.com/=db:80");
  EXPECT_EQ(Ok("get ingress web -n svctype -o jsonpath={.spec.ingressClassName}"), "nginx");
  Ok("delete storageclass local");
  Ok("delete ingressclass nginx");
}

TEST_P(KubectlTest, DebugContainersAndSchedulingGatesAreTheMutablePartsOfAPod) {
  Namespace("podmut");
  Ok("run web -n podmut --image=nginx:1.27");
  // kubectl debug adds an ephemeral container through its subresource.
  Ok("debug web -n podmut --image=busybox:1.36 -c dbg --profile=general -- sleep 1d");
  EXPECT_EQ(Ok("get pod web -n podmut -o "
               "jsonpath={.spec.ephemeralContainers[0].name}/"
               "{.spec.ephemeralContainers[0].imagePullPolicy}"),
            "dbg/IfNotPresent");
  CommandResult bad =
      K("debug web -n podmut --image=busybox -c dbg2 --target=nope --profile=general -- true");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("spec.ephemeralContainers[1].targetContainerName: Not found: "
                                    "\"nope\""));

  Ok("create -f " + cluster_->WriteFile("gated.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: gated, namespace: podmut}
spec:
  schedulingGates: [{name: a}, {name: b}]
  nodeSelector: {zone: a}
  containers: [{name: c, image: nginx}]
)"));
  // kubectl prints the server's warnings.
  EXPECT_THAT(Ok("create -f " + cluster_->WriteFile("warned.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: warned, namespace: podmut}
spec:
  nodeSelector: {beta.kubernetes.io/os: linux}
  containers: [{name: c, image: nginx}]
)")),
              HasSubstr("Warning: spec.nodeSelector[beta.kubernetes.io/os]: deprecated since "
                        "v1.14; use \"kubernetes.io/os\" instead"));
  Ok("patch pod gated -n podmut --type=json -p "
     "'[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates/0\"}]'");
  Ok("patch pod gated -n podmut --type=merge -p "
     "'{\"spec\":{\"nodeSelector\":{\"disk\":\"ssd\"}}}'");
  EXPECT_EQ(Ok("get pod gated -n podmut -o jsonpath={.spec.schedulingGates[*].name}/"
               "{.spec.nodeSelector.disk}"),
            "b/ssd");
  CommandResult added =
      K("patch pod gated -n podmut --type=json -p "
        "'[{\"op\":\"add\",\"path\":\"/spec/schedulingGates/-\",\"value\":{\"name\":\"n\"}}]'");
  EXPECT_NE(added.exit_code, 0);
  EXPECT_THAT(added.output, HasSubstr("spec.schedulingGates[1].name: Forbidden: only deletion is "
                                      "allowed, but found new scheduling gate 'n'"));
}

// PodSecurity admission as kubectl users meet it: namespace labels choose
// the level, enforce refuses pods, warn and workloads give warnings.
TEST_P(KubectlTest, PodSecurityLabelsGovernPods) {
  Namespace("pss");
  Ok("run loose -n pss --image=busybox --privileged -- sleep 1");
  CommandResult label = K("label ns pss pod-security.kubernetes.io/enforce=baseline");
  ASSERT_EQ(label.exit_code, 0) << label.output;
  EXPECT_THAT(label.output,
              AllOf(HasSubstr("Warning: existing pods in namespace \"pss\" violate the new "
                              "PodSecurity enforce level \"baseline:latest\""),
                    HasSubstr("Warning: loose: privileged")));
  CommandResult refused = K("run priv -n pss --image=busybox --privileged -- sleep 1");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output,
              HasSubstr("pods \"priv\" is forbidden: violates PodSecurity \"baseline:latest\": "
                        "privileged (container \"priv\" must not set "
                        "securityContext.privileged=true)"));
  Ok("label ns pss pod-security.kubernetes.io/warn=restricted");
  EXPECT_THAT(Ok("create deployment web -n pss --image=nginx"),
              HasSubstr("Warning: would violate PodSecurity \"restricted:latest\": "
                        "allowPrivilegeEscalation != false"));
  CommandResult bad = K("label ns pss pod-security.kubernetes.io/audit=loud");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.output, HasSubstr("metadata.labels[pod-security.kubernetes.io/audit]: Invalid "
                                    "value: \"loud\": must be one of privileged, baseline, "
                                    "restricted"));
}

}  // namespace
}  // namespace wisp::e2e
