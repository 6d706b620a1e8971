#include "wisp/apimachinery/table.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace wisp::apimachinery {
namespace {

using nlohmann::json;

// 2024-01-01T00:00:00Z
constexpr int64_t kT0 = 1704067200;
const char* kCreated = "2024-01-01T00:00:00Z";

TableOptions At(int64_t seconds_after_t0, std::string include = "Metadata") {
  TableOptions o;
  o.now_unix_seconds = kT0 + seconds_after_t0;
  o.include_object = std::move(include);
  return o;
}

std::vector<std::string> ColumnNames(const json& table) {
  std::vector<std::string> out;
  for (const auto& c : table["columnDefinitions"]) out.push_back(c["name"]);
  return out;
}

json Cells(std::string_view group, std::string_view resource, const json& obj, int64_t after) {
  json t = BuildTable(group, resource, {obj}, At(after));
  return t["rows"][0]["cells"];
}

json RunningPod() {
  return json::parse(R"({"metadata":{"name":"web","namespace":"default",
      "creationTimestamp":"2024-01-01T00:00:00Z"},
    "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
    "status":{"phase":"Running","podIPs":[{"ip":"10.0.0.5"}],
      "conditions":[{"type":"Ready","status":"True"}],
      "containerStatuses":[
        {"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},
        {"name":"b","ready":true,"restartCount":2,"state":{"running":{}},
         "lastState":{"terminated":{"finishedAt":"2024-01-01T00:05:00Z"}}}]}})");
}

TEST(TableTest, TableShapeAndPodColumns) {
  json t = BuildTable("", "pods", {RunningPod()}, At(3600));
  EXPECT_EQ(t["kind"], "Table");
  EXPECT_EQ(t["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(ColumnNames(t),
            (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                                      "Nominated Node", "Readiness Gates"}));
  EXPECT_EQ(t["columnDefinitions"][0]["format"], "name");
  EXPECT_EQ(t["columnDefinitions"][5]["priority"], 1);
  EXPECT_EQ(t["columnDefinitions"][4]["priority"], 0);
  EXPECT_EQ(t["rows"][0]["cells"],
            json::parse(R"J(["web","2/2","Running","2 (55m ago)","60m","10.0.0.5","n1",
                "<none>","<none>"])J"));
}

TEST(TableTest, RowObjectPerIncludeObject) {
  json pod = RunningPod();
  json meta = BuildTable("", "pods", {pod}, At(0, "Metadata"))["rows"][0]["object"];
  EXPECT_EQ(meta["kind"], "PartialObjectMetadata");
  EXPECT_EQ(meta["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(meta["metadata"]["name"], "web");
  EXPECT_EQ(BuildTable("", "pods", {pod}, At(0, "Object"))["rows"][0]["object"], pod);
  EXPECT_FALSE(BuildTable("", "pods", {pod}, At(0, "None"))["rows"][0].contains("object"));
}

TEST(TableTest, PodStatusReasons) {
  json crash = RunningPod();
  crash["status"]["containerStatuses"][1]["state"] = {
      {"waiting", {{"reason", "CrashLoopBackOff"}}}};
  crash["status"]["containerStatuses"][1]["ready"] = false;
  EXPECT_EQ(Cells("", "pods", crash, 60)[2], "CrashLoopBackOff");
  EXPECT_EQ(Cells("", "pods", crash, 60)[1], "1/2");

  json done = json::parse(R"({"metadata":{"name":"j","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"containers":[{"name":"a"}]},
      "status":{"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,
        "restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}})");
  json t = BuildTable("", "pods", {done}, At(10));
  EXPECT_EQ(t["rows"][0]["cells"][2], "Completed");
  EXPECT_EQ(t["rows"][0]["conditions"][0]["reason"], "Succeeded");

  json deleting = RunningPod();
  deleting["metadata"]["deletionTimestamp"] = "2024-01-01T00:10:00Z";
  EXPECT_EQ(Cells("", "pods", deleting, 60)[2], "Terminating");

  json exit_code = done;
  exit_code["status"]["phase"] = "Failed";
  exit_code["status"]["containerStatuses"][0]["state"] = {{"terminated", {{"exitCode", 3}}}};
  EXPECT_EQ(Cells("", "pods", exit_code, 60)[2], "ExitCode:3");
}

TEST(TableTest, PodInitContainerReasons) {
  json pod = json::parse(R"({"metadata":{"name":"p","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
      "status":{"phase":"Pending","initContainerStatuses":[
        {"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":0}}},
        {"name":"i2","restartCount":0,"state":{"running":{}}}],
        "containerStatuses":[{"name":"a","restartCount":0,
          "state":{"waiting":{"reason":"PodInitializing"}}}]}})");
  EXPECT_EQ(Cells("", "pods", pod, 5)[2], "Init:1/2");
  pod["status"]["initContainerStatuses"][1]["state"] = {
      {"waiting", {{"reason", "ImagePullBackOff"}}}};
  EXPECT_EQ(Cells("", "pods", pod, 5)[2], "Init:ImagePullBackOff");
  pod["status"]["initContainerStatuses"][1]["state"] = {{"terminated", {{"exitCode", 2}}}};
  EXPECT_EQ(Cells("", "pods", pod, 5)[2], "Init:ExitCode:2");
}

TEST(TableTest, Deployment) {
  json d = json::parse(R"({"metadata":{"name":"web","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
        "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}},
      "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}})");
  json t = BuildTable("apps", "deployments", {d}, At(2 * 86400 + 4 * 3600));
  EXPECT_EQ(ColumnNames(t), (std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available",
                                                      "Age", "Containers", "Images", "Selector"}));
  EXPECT_EQ(t["rows"][0]["cells"],
            json::parse(R"(["web","2/3",3,2,"2d4h","nginx","nginx:1.25","app=web"])"));
}

TEST(TableTest, ServicePortsAndExternalIp) {
  json svc = json::parse(R"({"metadata":{"name":"s","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"type":"NodePort","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
        "ports":[{"port":80,"protocol":"TCP","nodePort":30080},{"port":53,"protocol":"UDP"}],
        "selector":{"app":"x"}}})");
  EXPECT_EQ(Cells("", "services", svc, 30),
            json::parse(R"(["s","NodePort","10.96.0.10","<none>","80:30080/TCP,53/UDP","30s",
                "app=x"])"));
  svc["spec"]["type"] = "LoadBalancer";
  EXPECT_EQ(Cells("", "services", svc, 30)[3], "<pending>");
  svc["status"] = {{"loadBalancer", {{"ingress", {{{"ip", "1.2.3.4"}}}}}}};
  EXPECT_EQ(Cells("", "services", svc, 30)[3], "1.2.3.4");
}

TEST(TableTest, EndpointsTruncateAfterThree) {
  json ep = json::parse(R"({"metadata":{"name":"e"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},
      {"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],"ports":[{"port":80}]}]})");
  EXPECT_EQ(Cells("", "endpoints", ep, 0)[1], "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...");
  EXPECT_EQ(Cells("", "endpoints", ep, 0)[2], "<unknown>");
  EXPECT_EQ(Cells("", "endpoints", json::parse(R"({"metadata":{"name":"e"}})"), 0)[1], "<none>");
}

TEST(TableTest, NodeStatusAndRoles) {
  json node = json::parse(R"({"metadata":{"name":"n1","creationTimestamp":"2024-01-01T00:00:00Z",
      "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/hostname":"n1"}},
      "spec":{"unschedulable":true},
      "status":{"conditions":[{"type":"Ready","status":"False"}],
        "addresses":[{"type":"InternalIP","address":"192.168.1.2"}],
        "nodeInfo":{"kubeletVersion":"v1.31.0","osImage":"Debian","kernelVersion":"6.1",
          "containerRuntimeVersion":"containerd://1.7"}}})");
  EXPECT_EQ(Cells("", "nodes", node, 120),
            json::parse(R"(["n1","NotReady,SchedulingDisabled","control-plane","2m","v1.31.0",
                "192.168.1.2","<none>","Debian","6.1","containerd://1.7"])"));
}

TEST(TableTest, ConfigMapSecretAndServiceAccountCounts) {
  json cm = {{"metadata", {{"name", "c"}, {"creationTimestamp", kCreated}}},
             {"data", {{"a", "1"}, {"b", "2"}}},
             {"binaryData", {{"c", "AA=="}}}};
  EXPECT_EQ(Cells("", "configmaps", cm, 1), json::parse(R"(["c",3,"1s"])"));
  json secret = {{"metadata", {{"name", "s"}, {"creationTimestamp", kCreated}}},
                 {"type", "Opaque"},
                 {"data", {{"k", "dg=="}}}};
  EXPECT_EQ(Cells("", "secrets", secret, 1), json::parse(R"(["s","Opaque",1,"1s"])"));
  json sa = {{"metadata", {{"name", "default"}, {"creationTimestamp", kCreated}}}};
  EXPECT_EQ(Cells("", "serviceaccounts", sa, 1), json::parse(R"(["default",0,"1s"])"));
}

TEST(TableTest, JobsAndCronJobs) {
  json job = json::parse(R"({"metadata":{"name":"j","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"completions":1,"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}},
      "status":{"succeeded":1,"startTime":"2024-01-01T00:00:00Z",
        "completionTime":"2024-01-01T00:00:07Z",
        "conditions":[{"type":"Complete","status":"True"}]}})");
  json cells = Cells("batch", "jobs", job, 600);
  EXPECT_EQ(cells[1], "Complete");
  EXPECT_EQ(cells[2], "1/1");
  EXPECT_EQ(cells[3], "7s");
  json cj = json::parse(R"({"metadata":{"name":"cj","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"schedule":"*/5 * * * *","suspend":false,
        "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}}}},
      "status":{"lastScheduleTime":"2024-01-01T00:55:00Z"}})");
  json cjc = Cells("batch", "cronjobs", cj, 3600);
  EXPECT_EQ(cjc[1], "*/5 * * * *");
  EXPECT_EQ(cjc[2], "<none>");
  EXPECT_EQ(cjc[3], "False");
  EXPECT_EQ(cjc[4], 0);
  EXPECT_EQ(cjc[5], "5m");
}

TEST(TableTest, EventsRbacAndStorageClass) {
  json ev = json::parse(R"({"metadata":{"name":"e1"},"type":"Normal","reason":"Pulled",
      "message":" pulled \n","count":3,"firstTimestamp":"2024-01-01T00:00:00Z",
      "lastTimestamp":"2024-01-01T00:01:00Z","source":{"component":"kubelet","host":"n1"},
      "involvedObject":{"kind":"Pod","name":"web","fieldPath":"spec.containers{a}"}})");
  EXPECT_EQ(Cells("", "events", ev, 120),
            json::parse(R"(["60s","Normal","Pulled","pod/web","spec.containers{a}","kubelet, n1",
                "pulled","2m",3,"e1"])"));
  json role = {{"metadata", {{"name", "r"}, {"creationTimestamp", "2024-01-01T00:00:00.5+01:00"}}}};
  EXPECT_EQ(Cells("rbac.authorization.k8s.io", "clusterroles", role, 0),
            json::parse(R"(["r","2023-12-31T23:00:00Z"])"));
  json rb = json::parse(R"({"metadata":{"name":"rb"},"roleRef":{"kind":"ClusterRole","name":"view"},
      "subjects":[{"kind":"User","name":"alice"},{"kind":"ServiceAccount","namespace":"ns",
        "name":"sa"}]})");
  EXPECT_EQ(Cells("rbac.authorization.k8s.io", "rolebindings", rb, 0),
            json::parse(R"(["rb","ClusterRole/view","<unknown>","alice","","ns/sa"])"));
  json sc = json::parse(R"({"metadata":{"name":"local","annotations":{
      "storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path",
      "volumeBindingMode":"WaitForFirstConsumer"})");
  EXPECT_EQ(Cells("storage.k8s.io", "storageclasses", sc, 0),
            json::parse(R"J(["local (default)","rancher.io/local-path","Delete",
                "WaitForFirstConsumer",false,"<unknown>"])J"));
}

TEST(TableTest, DefaultTableForUnknownResources) {
  EXPECT_FALSE(HasTablePrinter("example.com", "widgets"));
  EXPECT_TRUE(HasTablePrinter("", "pods"));
  json w = {{"metadata", {{"name", "w"}, {"creationTimestamp", kCreated}}}};
  json t = BuildTable("example.com", "widgets", {w}, At(5));
  EXPECT_EQ(ColumnNames(t), (std::vector<std::string>{"Name", "Created At"}));
  EXPECT_EQ(t["columnDefinitions"][1]["type"], "date");
  EXPECT_EQ(t["rows"][0]["cells"], json::parse(R"(["w","2024-01-01T00:00:00Z"])"));
  EXPECT_TRUE(BuildTable("", "pods", {}, At(0))["rows"].empty());
}

TEST(TableTest, NamespacesAndLeases) {
  json ns = {{"metadata", {{"name", "kube-system"}, {"creationTimestamp", kCreated}}},
             {"status", {{"phase", "Active"}}}};
  EXPECT_EQ(Cells("", "namespaces", ns, 8 * 86400),
            json::parse(R"(["kube-system","Active","8d"])"));
  json lease = {{"metadata", {{"name", "l"}, {"creationTimestamp", kCreated}}},
                {"spec", {{"holderIdentity", "node-a"}}}};
  EXPECT_EQ(Cells("coordination.k8s.io", "leases", lease, 0),
            json::parse(R"(["l","node-a","0s"])"));
}

}  // namespace
}  // namespace wisp::apimachinery

namespace wisp::apimachinery {
namespace {

json Meta(const std::string& extra) {
  return json::parse(R"({"metadata":{"name":"x","creationTimestamp":"2024-01-01T00:00:00Z"})" +
                     extra + "}");
}

TEST(TableTest, PolicyQuotaAndNetworkingKinds) {
  EXPECT_EQ(Cells("policy", "poddisruptionbudgets",
                  Meta(R"(,"spec":{"minAvailable":"50%"},"status":{"disruptionsAllowed":2})"), 90),
            json({"x", "50%", "N/A", 2, "90s"}));
  EXPECT_EQ(Cells("", "resourcequotas",
                  Meta(R"(,"status":{"hard":{"pods":"10","limits.cpu":"2","requests.cpu":"1"},
                                     "used":{"pods":"3","limits.cpu":"500m"}})"),
                  60),
            json({"x", "60s", "pods: 3/10, requests.cpu: 0/1", "limits.cpu: 500m/2"}));
  EXPECT_EQ(Cells("networking.k8s.io", "networkpolicies",
                  Meta(R"(,"spec":{"podSelector":{"matchLabels":{"app":"web"}}})"), 60),
            json({"x", "app=web", "60s"}));
  EXPECT_EQ(Cells("networking.k8s.io", "ingressclasses",
                  Meta(R"(,"spec":{"controller":"k8s.io/nginx","parameters":{
                       "apiGroup":"k8s.example.com","kind":"Params","name":"lb"}})"),
                  60),
            json({"x", "k8s.io/nginx", "Params.k8s.example.com/lb", "60s"}));
}

TEST(TableTest, CertificateSigningRequestConditions) {
  json csr = Meta(R"(,"spec":{"signerName":"kubernetes.io/kube-apiserver-client",
      "username":"alice","expirationSeconds":86400},
      "status":{"conditions":[{"type":"Approved","status":"True"}],"certificate":"Q0VSVA=="})");
  EXPECT_EQ(
      Cells("certificates.k8s.io", "certificatesigningrequests", csr, 60),
      json({"x", "60s", "kubernetes.io/kube-apiserver-client", "alice", "24h", "Approved,Issued"}));
  json pending = Meta(R"(,"spec":{})");
  EXPECT_EQ(Cells("certificates.k8s.io", "certificatesigningrequests", pending, 60),
            json({"x", "60s", "<none>", "", "<none>", "Pending"}));
}

TEST(TableTest, ControllerRevisionsAndStorageDrivers) {
  json cr = Meta(R"(,"revision":3)");
  cr["metadata"]["ownerReferences"] = json::parse(
      R"([{"apiVersion":"apps/v1","kind":"DaemonSet","name":"fluentd","controller":true}])");
  EXPECT_EQ(Cells("apps", "controllerrevisions", cr, 60),
            json({"x", "daemonset.apps/fluentd", 3, "60s"}));
  EXPECT_EQ(Cells("storage.k8s.io", "csidrivers", Meta(R"(,"spec":{})"), 60),
            json({"x", true, false, false, "<unset>", false, "<none>", "60s"}));
  EXPECT_EQ(Cells("storage.k8s.io", "volumeattachments",
                  Meta(R"(,"spec":{"attacher":"csi.x","nodeName":"n1",
                       "source":{"persistentVolumeName":"pv1"}},"status":{"attached":true})"),
                  60),
            json({"x", "csi.x", "pv1", "n1", true, "60s"}));
}

}  // namespace
}  // namespace wisp::apimachinery

namespace wisp::apimachinery {
namespace {

TEST(TableTest, HpaTargetsForEveryMetricType) {
  json hpa = json::parse(R"({"metadata":{"name":"h","creationTimestamp":"2024-01-01T00:00:00Z"},
    "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,
      "metrics":[
        {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},
        {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}]},
    "status":{"currentReplicas":2,"currentMetrics":[
        {"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":33}}},
        {"type":"Resource","resource":{"name":"memory","current":{"averageValue":"50Mi"}}}]}})");
  json cells = BuildTable("autoscaling", "horizontalpodautoscalers", {hpa},
                          TableOptions{.now_unix_seconds = 1704067200})["rows"][0]["cells"];
  EXPECT_EQ(cells[2], "cpu: 33%/50%, memory: 50Mi/100Mi");
  hpa["status"].erase("currentMetrics");
  hpa["spec"]["metrics"] = json::parse(R"([
      {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"1000"}}},
      {"type":"Object","object":{"metric":{"name":"hits"},"target":{"type":"Value","value":"10k"}}},
      {"type":"External","external":{"metric":{"name":"q"},"target":{"type":"AverageValue","averageValue":"30"}}},
      {"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{"type":"Utilization"}}}])");
  cells = BuildTable("autoscaling", "horizontalpodautoscalers", {hpa},
                     TableOptions{.now_unix_seconds = 1704067200})["rows"][0]["cells"];
  EXPECT_EQ(cells[2], "<unknown>/1k, <unknown>/10k + 2 more...");
}

}  // namespace
}  // namespace wisp::apimachinery

namespace wisp::apimachinery {
namespace {

TEST(TableTest, ListCellsAreCappedSortedAndNamedAsUpstream) {
  auto cells = [](const char* group, const char* resource, const char* body) {
    return BuildTable(group, resource, {json::parse(body)},
                      TableOptions{.now_unix_seconds = 1704067200})["rows"][0]["cells"];
  };
  // Ingress: three hosts, then the other rules counted; addresses sorted, unique.
  json ing = cells("networking.k8s.io", "ingresses",
                   R"({"metadata":{"name":"i","creationTimestamp":"2024-01-01T00:00:00Z"},
      "spec":{"rules":[{"host":"a.com"},{"host":"b.com"},{"host":"c.com"},{"host":"d.com"}]},
      "status":{"loadBalancer":{"ingress":[{"ip":"9.9.9.9"},{"ip":"10.0.0.1"},
        {"ip":"9.9.9.9"}]}}})");
  EXPECT_EQ(ing[2], "a.com,b.com,c.com + 1 more...");
  EXPECT_EQ(ing[3], "10.0.0.1,9.9.9.9");
  // EndpointSlice ports: three, then "+ N more..."; unnumbered ports by name or "*".
  json es = cells("discovery.k8s.io", "endpointslices",
                  R"({"metadata":{"name":"e","creationTimestamp":"2024-01-01T00:00:00Z"},
      "addressType":"IPv4","ports":[{"port":80},{"port":443},{"port":8080},{"port":9090}]})");
  EXPECT_EQ(es[2], "80,443,8080 + 1 more...");
  json named = cells("discovery.k8s.io", "endpointslices",
                     R"({"metadata":{"name":"e","creationTimestamp":"2024-01-01T00:00:00Z"},
      "addressType":"IPv4","ports":[{"name":"http"},{}]})");
  EXPECT_EQ(named[2], "http,*");
  // Service accounts in a binding always print namespace/name.
  json rb = BuildTable("rbac.authorization.k8s.io", "rolebindings",
                       {json::parse(R"({"metadata":{"name":"b",
      "creationTimestamp":"2024-01-01T00:00:00Z"},"roleRef":{"kind":"Role","name":"r"},
      "subjects":[{"kind":"ServiceAccount","name":"sa1"}]})")},
                       TableOptions{.now_unix_seconds = 1704067200});
  EXPECT_EQ(rb["rows"][0]["cells"].back(), "/sa1");
  // The beta storage-class annotation wins.
  json pvc = cells("", "persistentvolumeclaims",
                   R"({"metadata":{"name":"c","creationTimestamp":"2024-01-01T00:00:00Z",
      "annotations":{"volume.beta.kubernetes.io/storage-class":"slow"}},
      "spec":{"storageClassName":"fast"}})");
  EXPECT_EQ(pvc[5], "slow");
}

}  // namespace
}  // namespace wisp::apimachinery
