// The strategy table: per-kind lookup, generic strategies from the
// resource's traits, and every field the defaulting writes checked against
// upstream's OpenAPI schema (../shared/reference).
#include "wisp/strategies/strategy.h"

#include <fstream>

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::J;

api::ResourceInfo Resource(std::string group, std::string kind, bool namespaced = true,
                           bool status = false, bool generation = false) {
  api::ResourceInfo r;
  r.group = std::move(group);
  r.version = "v1";
  r.kind = std::move(kind);
  r.namespaced = namespaced;
  if (status) {
    api::SubresourceInfo status_info;
    status_info.name = "status";
    r.subresources.push_back(status_info);
  }
  r.has_generation = generation;
  return r;
}

TEST(StrategyTable, KnownKindsGetTheirOwnStrategy) {
  auto table = NewStrategyTable();
  Json pod = J(R"({"spec":{"containers":[{"name":"a","image":"x"}]}})");
  table->For(Resource("", "Pod")).Default(pod);
  EXPECT_EQ(pod["spec"]["restartPolicy"], "Always");
  EXPECT_FALSE(table->For(Resource("", "Namespace", false)).traits().namespaced);
  EXPECT_EQ(table->For(Resource("", "Service")).traits().name_rule, NameRule::kDns1035Label);
  EXPECT_EQ(&table->For(Resource("apps", "Deployment")),
            &table->For(Resource("apps", "Deployment")));
  // Same kind name in another group is not the core one.
  Json other = J(R"({"spec":{"containers":[{"name":"a","image":"x"}]}})");
  table->For(Resource("example.com", "Pod")).Default(other);
  EXPECT_FALSE(other["spec"].contains("restartPolicy"));
}

TEST(StrategyTable, GenericStrategyFollowsTheResource) {
  auto table = NewStrategyTable();
  const Strategy& crd = table->For(Resource("example.com", "Widget", true, true, true));
  EXPECT_TRUE(crd.traits().namespaced);
  EXPECT_TRUE(crd.traits().has_status);
  EXPECT_TRUE(crd.traits().has_generation);
  const Strategy& cluster = table->For(Resource("example.com", "Gadget", false, false, false));
  EXPECT_FALSE(cluster.traits().namespaced);
  EXPECT_FALSE(cluster.traits().has_status);
  EXPECT_FALSE(cluster.traits().has_generation);
  Json obj = J(R"({"metadata":{"name":"g"},"status":{"x":1}})");
  cluster.PrepareForCreate(obj);
  EXPECT_EQ(obj["status"]["x"], 1);
}

// --- schema conformance ----------------------------------------------------

class SchemaWalker {
 public:
  explicit SchemaWalker(const Json& defs) : defs_(defs) {}

  void Walk(const Json& schema_in, const Json& value, const std::string& path) {
    const Json& schema = Resolve(schema_in);
    std::string type = schema.value("type", "");
    if (schema.value("format", "") == "int-or-string") {
      if (!value.is_string() && !value.is_number_integer())
        errors_.push_back(path + ": not int-or-string");
      return;
    }
    if (type == "integer" && !value.is_number_integer())
      errors_.push_back(path + ": not an integer");
    if (type == "boolean" && !value.is_boolean()) errors_.push_back(path + ": not a boolean");
    if (type == "string" && !value.is_string()) errors_.push_back(path + ": not a string");
    if (type == "array") {
      // null is how Go writes an unset list without omitempty.
      if (value.is_null()) return;
      if (!value.is_array()) {
        errors_.push_back(path + ": not an array");
      } else {
        for (size_t i = 0; i < value.size(); ++i) {
          Walk(schema["items"], value[i], path + "[" + std::to_string(i) + "]");
        }
      }
    }
    if (!value.is_object()) return;
    if (schema.contains("properties")) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!schema["properties"].contains(it.key())) {
          errors_.push_back(path + "." + it.key() + ": not in the schema");
        } else {
          Walk(schema["properties"][it.key()], it.value(), path + "." + it.key());
        }
      }
    } else if (schema.contains("additionalProperties")) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        Walk(schema["additionalProperties"], it.value(), path + "[" + it.key() + "]");
      }
    }
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  const Json& Resolve(const Json& schema) {
    if (schema.contains("$ref")) {
      std::string ref = schema["$ref"];
      return defs_[ref.substr(std::string("#/definitions/").size())];
    }
    if (schema.contains("allOf") && schema["allOf"].size() == 1) return Resolve(schema["allOf"][0]);
    return schema;
  }

  const Json& defs_;
  std::vector<std::string> errors_;
};

constexpr const char* kPodSpec =
    R"({"containers":[{"name":"a","image":"nginx","ports":[{"containerPort":80}],
        "livenessProbe":{"httpGet":{"port":80}},
        "env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],
        "resources":{"limits":{"cpu":"1"}}}],
       "volumes":[{"name":"v"},{"name":"c","configMap":{"name":"c"}},{"name":"h","hostPath":{"path":"/x"}}]})";

std::string Template() {
  return std::string(R"({"metadata":{"labels":{"app":"x"}},"spec":)") + kPodSpec + "}";
}

TEST(StrategyTable, DefaultedObjectsMatchUpstreamSchema) {
  std::ifstream in(WISP_SOURCE_DIR "/../shared/reference/k8s-openapi/swagger-v1.32.json");
  if (!in) GTEST_SKIP() << "reference OpenAPI not available";
  Json swagger = Json::parse(in);
  const Json& defs = swagger["definitions"];
  std::string tmpl = Template();
  std::string sel = R"("selector":{"matchLabels":{"app":"x"}})";
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases = {
      {"", "Pod", "io.k8s.api.core.v1.Pod", std::string(R"({"spec":)") + kPodSpec + "}"},
      {"apps", "Deployment", "io.k8s.api.apps.v1.Deployment",
       R"({"spec":{)" + sel + R"(,"template":)" + tmpl + "}}"},
      {"apps", "ReplicaSet", "io.k8s.api.apps.v1.ReplicaSet",
       R"({"spec":{)" + sel + R"(,"template":)" + tmpl + "}}"},
      {"apps", "StatefulSet", "io.k8s.api.apps.v1.StatefulSet",
       R"({"spec":{)" + sel + R"(,"serviceName":"s","template":)" + tmpl +
           R"(,"volumeClaimTemplates":[{"metadata":{"name":"d"},"spec":{"accessModes":["ReadWriteOnce"]}}]}})"},
      {"apps", "DaemonSet", "io.k8s.api.apps.v1.DaemonSet",
       R"({"spec":{)" + sel + R"(,"template":)" + tmpl + "}}"},
      {"batch", "Job", "io.k8s.api.batch.v1.Job", R"({"spec":{"template":)" + tmpl + "}}"},
      {"batch", "CronJob", "io.k8s.api.batch.v1.CronJob",
       R"({"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":)" + tmpl + "}}}}"},
      {"", "Service", "io.k8s.api.core.v1.Service",
       R"({"spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP","ports":[{"port":80}]}})"},
      {"", "Secret", "io.k8s.api.core.v1.Secret", R"({"stringData":{"a":"b"}})"},
      {"", "Namespace", "io.k8s.api.core.v1.Namespace", R"({})"},
      {"", "Node", "io.k8s.api.core.v1.Node",
       R"({"spec":{"podCIDR":"10.0.0.0/24"},"status":{"capacity":{"cpu":"2"}}})"},
      {"", "PersistentVolumeClaim", "io.k8s.api.core.v1.PersistentVolumeClaim", R"({"spec":{}})"},
      {"", "PersistentVolume", "io.k8s.api.core.v1.PersistentVolume",
       R"({"spec":{"hostPath":{"path":"/x"}}})"},
      {"networking.k8s.io", "NetworkPolicy", "io.k8s.api.networking.v1.NetworkPolicy",
       R"({"spec":{"podSelector":{},"egress":[{"ports":[{"port":53}]}]}})"},
      {"autoscaling", "HorizontalPodAutoscaler",
       "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
       R"({"apiVersion":"autoscaling/v2","spec":{"maxReplicas":3}})"},
      {"rbac.authorization.k8s.io", "RoleBinding", "io.k8s.api.rbac.v1.RoleBinding",
       R"({"subjects":[{"kind":"User","name":"u"}]})"},
      {"scheduling.k8s.io", "PriorityClass", "io.k8s.api.scheduling.v1.PriorityClass",
       R"({"value":5})"},
      {"storage.k8s.io", "StorageClass", "io.k8s.api.storage.v1.StorageClass",
       R"({"provisioner":"x"})"},
      {"storage.k8s.io", "CSIDriver", "io.k8s.api.storage.v1.CSIDriver", R"({"spec":{}})"},
      {"", "Endpoints", "io.k8s.api.core.v1.Endpoints",
       R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80}]}]})"},
      {"discovery.k8s.io", "EndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice",
       R"({"addressType":"IPv4","endpoints":[],"ports":[{"port":80}]})"},
      {"networking.k8s.io", "IngressClass", "io.k8s.api.networking.v1.IngressClass",
       R"({"spec":{"parameters":{"kind":"K","name":"n"}}})"},
  };
  auto table = NewStrategyTable();
  for (const auto& [group, kind, definition, body] : cases) {
    ASSERT_TRUE(defs.contains(definition)) << definition;
    Json obj = Json::parse(body);
    obj["metadata"] = {{"name", "n"}, {"namespace", "default"}, {"uid", "u"}};
    const Strategy& s = table->For(Resource(group, kind));
    s.Default(obj);
    s.PrepareForCreate(obj);
    SchemaWalker walker(defs);
    walker.Walk(defs[definition], obj, kind);
    EXPECT_TRUE(walker.errors().empty()) << kind << ":\n"
                                         << ::testing::PrintToString(walker.errors()) << "\n"
                                         << obj.dump(2);
  }
}

TEST(StrategyTable, SchemaWalkerCatchesMisspelledFields) {
  std::ifstream in(WISP_SOURCE_DIR "/../shared/reference/k8s-openapi/swagger-v1.32.json");
  if (!in) GTEST_SKIP() << "reference OpenAPI not available";
  Json swagger = Json::parse(in);
  const Json& defs = swagger["definitions"];
  SchemaWalker walker(defs);
  walker.Walk(defs["io.k8s.api.core.v1.Pod"],
              J(R"({"spec":{"restartPolicies":"Always","terminationGracePeriodSeconds":"30"}})"),
              "Pod");
  EXPECT_EQ(walker.errors().size(), 2u) << ::testing::PrintToString(walker.errors());
}

}  // namespace
}  // namespace wisp::strategies

namespace wisp::strategies {
namespace {

TEST(StrategyTable, StorageEndpointAndIngressClassDefaults) {
  auto table = NewStrategyTable();
  auto defaulted = [&](const char* group, const char* kind, const char* body) {
    Json obj = J(body);
    table->For(Resource(group, kind)).Default(obj);
    return obj;
  };
  Json sc = defaulted("storage.k8s.io", "StorageClass", R"({"provisioner":"x"})");
  EXPECT_EQ(sc["reclaimPolicy"], "Delete");
  EXPECT_EQ(sc["volumeBindingMode"], "Immediate");
  EXPECT_EQ(
      defaulted("storage.k8s.io", "StorageClass", R"({"reclaimPolicy":"Retain"})")["reclaimPolicy"],
      "Retain");
  Json csi = defaulted("storage.k8s.io", "CSIDriver", R"({"spec":{}})");
  EXPECT_EQ(csi["spec"], J(R"({"attachRequired":true,"podInfoOnMount":false,
      "storageCapacity":false,"fsGroupPolicy":"ReadWriteOnceWithFSType","requiresRepublish":false,
      "seLinuxMount":false,"volumeLifecycleModes":["Persistent"]})"));
  Json ep = defaulted("", "Endpoints", R"({"subsets":[{"ports":[{"port":80},
      {"port":53,"protocol":"UDP"}]}]})");
  EXPECT_EQ(ep["subsets"][0]["ports"][0]["protocol"], "TCP");
  EXPECT_EQ(ep["subsets"][0]["ports"][1]["protocol"], "UDP");
  Json slice = defaulted("discovery.k8s.io", "EndpointSlice", R"({"ports":[{"port":80}]})");
  EXPECT_EQ(slice["ports"][0], J(R"({"port":80,"name":"","protocol":"TCP"})"));
  Json ic = defaulted("networking.k8s.io", "IngressClass",
                      R"({"spec":{"parameters":{"kind":"K","name":"n"}}})");
  EXPECT_EQ(ic["spec"]["parameters"]["scope"], "Cluster");
}

}  // namespace
}  // namespace wisp::strategies
