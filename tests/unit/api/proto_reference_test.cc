// The registry-vs-reference test for protobuf field numbers: every field of
// every served kind's schema (walked recursively, with the List, subresource
// body kinds and DeleteOptions) must carry the number, label and type that
// upstream's generated.proto gives it (facts in
// ../shared/reference/k8s-proto-fields.json), and every upstream field must
// be reachable from the schema.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "wisp/api/registry.h"

namespace wisp::api {
namespace {

using nlohmann::json;

const json* LoadProtoFacts() {
  static const json facts = [] {
    std::ifstream in(WISP_SOURCE_DIR "/../shared/reference/k8s-proto-fields.json");
    if (!in) return json();
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str(), nullptr, false);
  }();
  return facts.is_object() ? &facts : nullptr;
}

// "io.k8s.api.core.v1.Pod" -> "k8s.io.api.core.v1.Pod".
std::string ProtoMessageName(const std::string& definition) {
  return "k8s.io." + definition.substr(std::string("io.k8s.").size());
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const json* FieldByNumber(const json& message, int number) {
  for (const json& f : message["fields"]) {
    if (f["number"] == number) return &f;
  }
  return nullptr;
}

class Walker {
 public:
  Walker(const Registry& registry, const json& facts) : registry_(registry), facts_(facts) {}

  void Walk(const std::string& definition) {
    if (!seen_.insert(definition).second) return;
    const TypeSchema* ours = registry_.Schema(definition);
    ASSERT_NE(ours, nullptr) << definition;
    std::string message_name = ProtoMessageName(definition);
    if (!facts_.contains(message_name)) {
      ADD_FAILURE() << "reference has no message " << message_name;
      return;
    }
    ++messages_;
    const json& message = facts_[message_name];
    for (const FieldSchema& f : ours->fields) CheckField(*ours, message, f);
    CheckCovered(*ours, message, {});
  }

  int messages_ = 0;
  int fields_ = 0;

 private:
  void CheckField(const TypeSchema& ours, const json& message, const FieldSchema& f) {
    std::string where = ours.name + "." + f.name;
    if (f.proto_number == 0) {
      EXPECT_TRUE(f.name == "apiVersion" || f.name == "kind") << "no protobuf number: " << where;
      for (const json& p : message["fields"]) {
        EXPECT_NE(p["name"], f.name) << where << " is protobuf field #" << p["number"];
      }
      return;
    }
    const json* holder = &message;
    for (int n : f.proto_embedding) {
      const json* e = FieldByNumber(*holder, n);
      if (e == nullptr || e->value("kind", "") != "message") {
        ADD_FAILURE() << where << ": no embedded message #" << n;
        return;
      }
      holder = &facts_[(*e)["type"].get<std::string>()];
    }
    const json* p = FieldByNumber(*holder, f.proto_number);
    if (p == nullptr) {
      ADD_FAILURE() << where << ": no protobuf field #" << f.proto_number;
      return;
    }
    ++fields_;
    // go-to-protobuf names fields after the JSON name; two differ in case
    // only (IngressClassParametersReference aPIGroup, BoundObjectReference uID).
    EXPECT_EQ(Lower((*p)["name"]), Lower(f.name)) << where << " #" << f.proto_number;
    CheckType(where, f, *p);
    if (f.type == ValueType::kObject) {
      const TypeSchema* def = registry_.Schema(f.ref);
      if (def != nullptr && def->scalar == ValueType::kObject) Walk(f.ref);
    }
  }

  void CheckType(const std::string& where, const FieldSchema& f, const json& p) {
    std::string label = p["label"];
    std::string type = label == "map" ? p["map_value"] : p["type"];
    switch (f.container) {
      case Container::kNone:
        EXPECT_EQ(label, "optional") << where;
        break;
      case Container::kList:
        EXPECT_EQ(label, "repeated") << where;
        break;
      case Container::kMap:
        EXPECT_EQ(label, "map") << where;
        break;
      case Container::kMapOfList: {
        EXPECT_EQ(label, "map") << where;
        // map[string][]T: the value is a message whose field 1 is repeated T.
        const json* items = facts_.contains(type) ? FieldByNumber(facts_[type], 1) : nullptr;
        ASSERT_NE(items, nullptr) << where << ": map value " << type;
        EXPECT_EQ((*items)["label"], "repeated") << where;
        type = (*items)["type"];
        break;
      }
    }
    EXPECT_EQ(type, ExpectedProtoType(f)) << "type of " << where;
  }

  static std::string ExpectedProtoType(const FieldSchema& f) {
    switch (f.type) {
      case ValueType::kString:
        return f.format == "byte" ? "bytes" : "string";
      case ValueType::kInteger:
        return f.format;  // "int32" / "int64"
      case ValueType::kNumber:
        return "double";
      case ValueType::kBoolean:
        return "bool";
      case ValueType::kObject:
        return ProtoMessageName(f.ref);
      default:
        return "?";
    }
  }

  // Every upstream field (inside embedded messages too) has a schema field.
  void CheckCovered(const TypeSchema& ours, const json& message, const std::vector<int>& prefix) {
    for (const json& p : message["fields"]) {
      int n = p["number"];
      std::vector<int> path = prefix;
      bool direct = false, embedded = false;
      for (const FieldSchema& f : ours.fields) {
        if (f.proto_embedding == prefix && f.proto_number == n) direct = true;
        if (f.proto_embedding.size() > prefix.size() &&
            std::equal(prefix.begin(), prefix.end(), f.proto_embedding.begin()) &&
            f.proto_embedding[prefix.size()] == n) {
          embedded = true;
        }
      }
      if (embedded) {
        path.push_back(n);
        CheckCovered(ours, facts_[p["type"].get<std::string>()], path);
      } else {
        EXPECT_TRUE(direct) << ours.name << ": upstream field " << p["name"] << " #" << n
                            << " has no schema field";
      }
    }
  }

  const Registry& registry_;
  const json& facts_;
  std::set<std::string> seen_;
};

TEST(ProtoReferenceTest, EveryServedKindHasUpstreamProtobufNumbers) {
  const json* facts = LoadProtoFacts();
  if (facts == nullptr) GTEST_SKIP() << "k8s-proto-fields.json not found";
  auto registry = NewBuiltInRegistry();
  Walker walker(*registry, *facts);
  int kinds = 0;
  for (const ResourceInfo& r : registry->Resources()) {
    SCOPED_TRACE(r.ApiVersion() + " " + r.kind);
    walker.Walk(r.schema);
    if (r.Listable()) walker.Walk(r.schema + "List");
    ++kinds;
  }
  // Bodies of subresources and deletes.
  for (const char* extra :
       {"io.k8s.api.autoscaling.v1.Scale", "io.k8s.api.policy.v1.Eviction",
        "io.k8s.api.core.v1.Binding", "io.k8s.api.authentication.v1.TokenRequest",
        "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Status"}) {
    SCOPED_TRACE(extra);
    walker.Walk(extra);
  }
  EXPECT_GT(kinds, 40);
  EXPECT_GT(walker.fields_, 1200);
  std::printf("compared %d kinds, %d messages, %d fields\n", kinds, walker.messages_,
              walker.fields_);
}

}  // namespace
}  // namespace wisp::api
