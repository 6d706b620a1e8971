#include "apiserver/request_info.h"

#include <gtest/gtest.h>

namespace wisp::apiserver {
namespace {

RequestInfo Parse(std::string_view method, std::string_view path,
                  std::multimap<std::string, std::string> query = {}) {
  return ParseRequestInfo(method, path, query);
}

TEST(RequestInfoTest, NamespacedObjectWithSubresource) {
  RequestInfo i = Parse("PUT", "/apis/apps/v1/namespaces/ns1/deployments/web/scale");
  EXPECT_TRUE(i.is_resource);
  EXPECT_EQ(i.api_prefix, "apis");
  EXPECT_EQ(i.group, "apps");
  EXPECT_EQ(i.version, "v1");
  EXPECT_EQ(i.namespace_, "ns1");
  EXPECT_EQ(i.resource, "deployments");
  EXPECT_EQ(i.name, "web");
  EXPECT_EQ(i.subresource, "scale");
  EXPECT_EQ(i.verb, "update");
}

TEST(RequestInfoTest, CoreListAndWatch) {
  EXPECT_EQ(Parse("GET", "/api/v1/pods").verb, "list");
  EXPECT_EQ(Parse("GET", "/api/v1/pods", {{"watch", "true"}}).verb, "watch");
  EXPECT_EQ(Parse("GET", "/api/v1/pods", {{"watch", "1"}}).verb, "watch");
  EXPECT_EQ(Parse("GET", "/api/v1/pods", {{"watch", "false"}}).verb, "list");
  EXPECT_EQ(Parse("GET", "/api/v1/pods", {{"watch", "False"}}).verb, "list");
  EXPECT_EQ(Parse("GET", "/api/v1/pods", {{"watch", "yes"}}).verb, "watch");
  // A named GET stays a get, whatever ?watch says.
  EXPECT_EQ(Parse("GET", "/api/v1/namespaces/a/pods/p", {{"watch", "true"}}).verb, "get");
  RequestInfo legacy = Parse("GET", "/api/v1/watch/namespaces/a/pods");
  EXPECT_EQ(legacy.verb, "watch");
  EXPECT_EQ(legacy.namespace_, "a");
  EXPECT_EQ(legacy.resource, "pods");
}

TEST(RequestInfoTest, NamespaceObjectItself) {
  RequestInfo ns = Parse("GET", "/api/v1/namespaces/kube-system");
  EXPECT_EQ(ns.resource, "namespaces");
  EXPECT_EQ(ns.name, "kube-system");
  EXPECT_EQ(ns.verb, "get");
  RequestInfo status = Parse("PUT", "/api/v1/namespaces/x/status");
  EXPECT_EQ(status.resource, "namespaces");
  EXPECT_EQ(status.name, "x");
  EXPECT_EQ(status.subresource, "status");
  RequestInfo fin = Parse("PUT", "/api/v1/namespaces/x/finalize");
  EXPECT_EQ(fin.subresource, "finalize");
  EXPECT_EQ(Parse("GET", "/api/v1/namespaces").verb, "list");
}

TEST(RequestInfoTest, VerbsFromMethods) {
  EXPECT_EQ(Parse("POST", "/api/v1/namespaces/a/configmaps").verb, "create");
  EXPECT_EQ(Parse("PATCH", "/api/v1/namespaces/a/configmaps/c").verb, "patch");
  EXPECT_EQ(Parse("DELETE", "/api/v1/namespaces/a/configmaps/c").verb, "delete");
  EXPECT_EQ(Parse("DELETE", "/api/v1/namespaces/a/configmaps").verb, "deletecollection");
  EXPECT_EQ(Parse("GET", "/api/v1/namespaces/a/configmaps/c").verb, "get");
}

TEST(RequestInfoTest, NonResourcePaths) {
  for (const char* p : {"/", "/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/healthz",
                        "/version", "/openapi/v3"}) {
    EXPECT_FALSE(Parse("GET", p).is_resource) << p;
  }
  EXPECT_EQ(Parse("GET", "/version").verb, "get");
}

TEST(RequestInfoTest, ClusterScopedResource) {
  RequestInfo i = Parse("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin");
  EXPECT_EQ(i.namespace_, "");
  EXPECT_EQ(i.resource, "clusterroles");
  EXPECT_EQ(i.name, "admin");
}

}  // namespace
}  // namespace wisp::apiserver
