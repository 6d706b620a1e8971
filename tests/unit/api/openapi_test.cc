#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "nlohmann/json.hpp"
#include "reference_util.h"
#include "wisp/api/discovery.h"

namespace wisp::api {
namespace {

using nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  std::unique_ptr<Registry> registry_ = NewBuiltInRegistry();
};

// Calls fn on every "$ref" string in the document.
void ForEachRef(const json& j, const std::function<void(const std::string&)>& fn) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "$ref" && v.is_string()) fn(v.get<std::string>());
      ForEachRef(v, fn);
    }
  } else if (j.is_array()) {
    for (const json& v : j) ForEachRef(v, fn);
  }
}

TEST_F(OpenApiTest, EveryGroupVersionDocumentParsesAndEveryRefResolves) {
  for (const GroupInfo& g : registry_->Groups()) {
    for (const std::string& v : g.versions) {
      SCOPED_TRACE(g.name + "/" + v);
      json doc = json::parse(OpenApiV3DocumentJson(*registry_, g.name, v), nullptr, false);
      ASSERT_FALSE(doc.is_discarded());
      EXPECT_EQ(doc["openapi"], "3.0.0");
      const json& schemas = doc["components"]["schemas"];
      int refs = 0;
      ForEachRef(doc, [&](const std::string& ref) {
        ++refs;
        const std::string prefix = "#/components/schemas/";
        ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
        EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref;
      });
      EXPECT_GT(refs, 10);
    }
  }
}

TEST_F(OpenApiTest, PodDocumentDescribesOperationsAndSchemas) {
  json doc = json::parse(OpenApiV3DocumentJson(*registry_, "", "v1"));
  const json& paths = doc["paths"];
  ASSERT_TRUE(paths.contains("/api/v1/namespaces/{namespace}/pods"));
  ASSERT_TRUE(paths.contains("/api/v1/namespaces/{namespace}/pods/{name}"));
  ASSERT_TRUE(paths.contains("/api/v1/namespaces/{namespace}/pods/{name}/status"));
  ASSERT_TRUE(paths.contains("/api/v1/pods"));
  const json& patch = paths["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"];
  EXPECT_EQ(patch["operationId"], "patchCoreV1NamespacedPod");
  EXPECT_EQ(patch["x-kubernetes-action"], "patch");
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"]["kind"], "Pod");
  bool field_validation = false;
  for (const json& p : patch["parameters"]) field_validation |= p["name"] == "fieldValidation";
  EXPECT_TRUE(field_validation);
  const json& schemas = doc["components"]["schemas"];
  const json& pod = schemas["io.k8s.api.core.v1.Pod"];
  EXPECT_EQ(pod["x-kubernetes-group-version-kind"][0]["kind"], "Pod");
  const json& containers = schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"];
  EXPECT_EQ(containers["type"], "array");
  EXPECT_EQ(containers["x-kubernetes-patch-merge-key"], "name");
  EXPECT_EQ(containers["x-kubernetes-list-type"], "map");
  EXPECT_EQ(schemas["io.k8s.api.core.v1.PodSpec"]["required"], json::array({"containers"}));
  EXPECT_EQ(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]["format"], "date-time");
  EXPECT_EQ(
      schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["x-kubernetes-int-or-string"],
      true);
  EXPECT_TRUE(schemas.contains("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"));
  EXPECT_TRUE(schemas.contains("io.k8s.apimachinery.pkg.apis.meta.v1.Status"));
  EXPECT_TRUE(schemas.contains("io.k8s.api.policy.v1.Eviction"));  // pods/eviction body
}

TEST_F(OpenApiTest, RootListsEveryGroupVersionWithStableHash) {
  json root = json::parse(OpenApiV3RootJson(*registry_));
  ASSERT_TRUE(root["paths"].contains("api/v1"));
  ASSERT_TRUE(root["paths"].contains("apis/apps/v1"));
  ASSERT_TRUE(root["paths"].contains("apis/autoscaling/v2"));
  std::string hash = OpenApiV3Hash(*registry_, "apps", "v1");
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash, OpenApiV3Hash(*registry_, "apps", "v1"));
  EXPECT_NE(hash, OpenApiV3Hash(*registry_, "batch", "v1"));
  EXPECT_EQ(root["paths"]["apis/apps/v1"]["serverRelativeURL"],
            "/openapi/v3/apis/apps/v1?hash=" + hash);
  EXPECT_EQ(OpenApiV3DocumentJson(*registry_, "nope", "v1"), "");
}

// Every operation wisp describes exists upstream with the same id and action.
TEST_F(OpenApiTest, OperationsMatchUpstream) {
  int compared = 0;
  for (const GroupInfo& g : registry_->Groups()) {
    for (const std::string& v : g.versions) {
      const json* ref = testing::LoadReferenceV3(g.name, v);
      if (ref == nullptr) GTEST_SKIP() << "reference documents not found";
      json doc = json::parse(OpenApiV3DocumentJson(*registry_, g.name, v));
      for (const auto& [path, item] : doc["paths"].items()) {
        ASSERT_TRUE((*ref)["paths"].contains(path)) << path;
        const json& upstream = (*ref)["paths"][path];
        for (const char* method : {"get", "put", "post", "patch", "delete"}) {
          if (!item.contains(method)) continue;
          ASSERT_TRUE(upstream.contains(method)) << method << " " << path;
          EXPECT_EQ(item[method]["operationId"], upstream[method]["operationId"]) << path;
          EXPECT_EQ(item[method]["x-kubernetes-action"], upstream[method]["x-kubernetes-action"])
              << method << " " << path;
          EXPECT_EQ(item[method]["x-kubernetes-group-version-kind"],
                    upstream[method]["x-kubernetes-group-version-kind"])
              << method << " " << path;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 200);
}

}  // namespace
}  // namespace wisp::api

namespace wisp::api {
namespace {

// Reads one protobuf field (tag, then a varint or a length-delimited value)
// at `pos`; returns false at the end or on a malformed field.
bool NextField(const std::string& data, size_t& pos, int* number, std::string* bytes) {
  auto varint = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; pos < data.size() && shift < 64; shift += 7) {
      uint8_t b = static_cast<uint8_t>(data[pos++]);
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  uint64_t tag = 0, len = 0;
  if (pos >= data.size() || !varint(&tag)) return false;
  *number = static_cast<int>(tag >> 3);
  if ((tag & 7) != 2 || !varint(&len) || pos + len > data.size()) return false;
  *bytes = data.substr(pos, len);
  pos += len;
  return true;
}

TEST_F(OpenApiTest, V2DefinitionsCoverEveryServedKindAndResolve) {
  json doc = json::parse(OpenApiV2Json(*registry_));
  EXPECT_EQ(doc["swagger"], "2.0");
  const json& defs = doc["definitions"];
  ASSERT_TRUE(defs.contains("io.k8s.api.core.v1.Pod"));
  EXPECT_EQ(defs["io.k8s.api.core.v1.Pod"]["x-kubernetes-group-version-kind"][0]["kind"], "Pod");
  EXPECT_EQ(defs["io.k8s.api.core.v1.Pod"]["properties"]["spec"]["$ref"],
            "#/definitions/io.k8s.api.core.v1.PodSpec");
  EXPECT_TRUE(defs.contains("io.k8s.api.apps.v1.DeploymentList"));
  // Quantity and int-or-string accept a string or a number: no type.
  EXPECT_FALSE(defs["io.k8s.apimachinery.pkg.api.resource.Quantity"].contains("type"));
  EXPECT_FALSE(defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"].contains("type"));
  int refs = 0;
  ForEachRef(doc, [&](const std::string& ref) {
    ++refs;
    ASSERT_EQ(ref.rfind("#/definitions/", 0), 0u) << ref;
    EXPECT_TRUE(defs.contains(ref.substr(14))) << ref;
  });
  EXPECT_GT(refs, 500);
  for (const ResourceInfo& r : registry_->Resources()) EXPECT_TRUE(defs.contains(r.schema));

  // The protobuf form: swagger "2.0" (1), info (2), paths (8) and one
  // NamedSchema (name 1, schema 2) per definition in definitions (9).
  std::string pb = OpenApiV2Protobuf(*registry_);
  size_t pos = 0;
  int number = 0;
  std::string bytes;
  std::map<int, std::string> top;
  while (NextField(pb, pos, &number, &bytes)) top[number] = bytes;
  EXPECT_EQ(pos, pb.size());
  EXPECT_EQ(top[1], "2.0");
  ASSERT_TRUE(top.count(9));
  size_t dpos = 0;
  size_t count = 0;
  std::string named;
  bool saw_pod = false;
  while (NextField(top[9], dpos, &number, &named)) {
    EXPECT_EQ(number, 1);
    ++count;
    size_t npos = 0;
    std::string name;
    ASSERT_TRUE(NextField(named, npos, &number, &name));
    EXPECT_EQ(number, 1);
    if (name == "io.k8s.api.core.v1.Pod") {
      saw_pod = true;
      EXPECT_NE(named.find("x-kubernetes-group-version-kind"), std::string::npos);
      EXPECT_NE(named.find("kind: \"Pod\""), std::string::npos);
    }
  }
  EXPECT_EQ(count, defs.size());
  EXPECT_TRUE(saw_pod);
}

}  // namespace
}  // namespace wisp::api
