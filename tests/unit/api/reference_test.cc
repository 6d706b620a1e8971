// The registry-vs-reference test: every served kind's schema, walked
// recursively through referenced definitions, must match upstream's OpenAPI
// v3 documents field by field (names, types, formats, required, patch
// strategies and list types).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "reference_util.h"
#include "wisp/api/registry.h"

namespace wisp::api {
namespace {

using nlohmann::json;

std::string RefName(const json& p) {
  std::string ref;
  if (p.contains("$ref")) ref = p["$ref"];
  if (p.contains("allOf")) ref = p["allOf"][0]["$ref"];
  size_t slash = ref.rfind('/');
  return slash == std::string::npos ? ref : ref.substr(slash + 1);
}

// A canonical one-line description of a reference property's shape.
std::string RefElement(const json& p) {
  std::string ref = RefName(p);
  if (!ref.empty()) return "ref:" + ref;
  std::string type = p.value("type", "");
  std::string format = p.value("format", "");
  if (type == "integer" || (type == "string" && format == "byte") || type == "number") {
    return type + "/" + format;
  }
  return type;
}

std::string RefShape(const json& p) {
  std::string type = p.value("type", "");
  if (type == "array") return "[]" + RefElement(p["items"]);
  if (type == "object" && p.contains("additionalProperties")) {
    const json& ap = p["additionalProperties"];
    if (ap.value("type", "") == "array") return "{}[]" + RefElement(ap["items"]);
    return "{}" + RefElement(ap);
  }
  return RefElement(p);
}

std::string OurElement(const FieldSchema& f) {
  switch (f.type) {
    case ValueType::kObject:
      return "ref:" + f.ref;
    case ValueType::kInteger:
      return "integer/" + f.format;
    case ValueType::kNumber:
      return "number/" + f.format;
    case ValueType::kBoolean:
      return "boolean";
    case ValueType::kString:
      return f.format == "byte" ? "string/byte" : "string";
    default:
      return "?";
  }
}

std::string OurShape(const FieldSchema& f) {
  switch (f.container) {
    case Container::kList:
      return "[]" + OurElement(f);
    case Container::kMap:
      return "{}" + OurElement(f);
    case Container::kMapOfList:
      return "{}[]" + OurElement(f);
    case Container::kNone:
      break;
  }
  return OurElement(f);
}

std::string Joined(const json& a) {
  std::string out;
  for (const auto& s : a) out += s.get<std::string>() + ",";
  return out;
}

class Walker {
 public:
  Walker(const Registry& registry, const json& doc) : registry_(registry), doc_(doc) {}

  void Walk(const std::string& name) {
    if (!seen_.insert(name).second) return;
    const json& schemas = doc_["components"]["schemas"];
    if (!schemas.contains(name)) {
      ADD_FAILURE() << "reference has no definition " << name;
      return;
    }
    const json& ref = schemas[name];
    const TypeSchema* ours = registry_.Schema(name);
    if (ours == nullptr) {
      ADD_FAILURE() << "registry has no definition " << name;
      return;
    }
    ++definitions_;
    const json props = ref.value("properties", json::object());
    std::set<std::string> required;
    for (const auto& r : ref.value("required", json::array())) required.insert(r);
    for (const auto& [field, p] : props.items()) {
      const FieldSchema* f = ours->Field(field);
      if (f == nullptr) {
        ADD_FAILURE() << "missing field " << name << "." << field << " (" << RefShape(p) << ")";
        continue;
      }
      ++fields_;
      EXPECT_EQ(OurShape(*f), RefShape(p)) << "mistyped field " << name << "." << field;
      EXPECT_EQ(f->required, required.count(field) > 0) << "required of " << name << "." << field;
      EXPECT_EQ(f->patch_strategy, p.value("x-kubernetes-patch-strategy", ""))
          << "patch strategy of " << name << "." << field;
      EXPECT_EQ(f->patch_merge_key, p.value("x-kubernetes-patch-merge-key", ""))
          << "merge key of " << name << "." << field;
      EXPECT_EQ(f->list_type, p.value("x-kubernetes-list-type", ""))
          << "list type of " << name << "." << field;
      json keys = p.value("x-kubernetes-list-map-keys", json::array());
      std::string our_keys;
      for (const auto& k : f->list_map_keys) our_keys += k + ",";
      EXPECT_EQ(our_keys, Joined(keys)) << "list map keys of " << name << "." << field;
      if (f->type == ValueType::kObject) Walk(f->ref);
    }
    for (const FieldSchema& f : ours->fields) {
      EXPECT_TRUE(props.contains(f.name)) << "extra field " << name << "." << f.name;
    }
  }

  int definitions_ = 0;
  int fields_ = 0;

 private:
  const Registry& registry_;
  const json& doc_;
  std::set<std::string> seen_;
};

TEST(ReferenceTest, EveryServedKindMatchesUpstreamSchema) {
  auto registry = NewBuiltInRegistry();
  int definitions = 0, fields = 0, kinds = 0;
  for (const ResourceInfo& r : registry->Resources()) {
    auto doc = testing::LoadReferenceV3(r.group, r.version);
    if (!doc) GTEST_SKIP() << "reference documents not found under " << testing::ReferenceDir();
    SCOPED_TRACE(r.ApiVersion() + " " + r.kind);
    Walker walker(*registry, *doc);
    walker.Walk(r.schema);
    if (r.Listable()) walker.Walk(r.schema + "List");
    definitions += walker.definitions_;
    fields += walker.fields_;
    ++kinds;
  }
  EXPECT_GT(kinds, 40);
  EXPECT_GT(fields, 1000);
  std::printf("compared %d kinds, %d definition walks, %d fields\n", kinds, definitions, fields);
}

TEST(ReferenceTest, GroupVersionKindsMatchUpstream) {
  auto registry = NewBuiltInRegistry();
  for (const ResourceInfo& r : registry->Resources()) {
    auto doc = testing::LoadReferenceV3(r.group, r.version);
    if (!doc) GTEST_SKIP() << "reference documents not found";
    const json& def = (*doc)["components"]["schemas"][r.schema];
    ASSERT_TRUE(def.contains("x-kubernetes-group-version-kind")) << r.schema;
    const json& gvk = def["x-kubernetes-group-version-kind"][0];
    EXPECT_EQ(gvk["group"], r.group);
    EXPECT_EQ(gvk["version"], r.version);
    EXPECT_EQ(gvk["kind"], r.kind);
    const TypeSchema* ours = registry->Schema(r.schema);
    ASSERT_NE(ours, nullptr);
    EXPECT_EQ(ours->gvk_kind, r.kind);
  }
}

}  // namespace
}  // namespace wisp::api
