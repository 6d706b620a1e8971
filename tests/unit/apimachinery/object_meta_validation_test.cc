#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "wisp/apimachinery/validation.h"

namespace wisp::apimachinery {
namespace {

TEST(ObjectMetaValidationTest, ObjectMetaRequiresNameOrGenerateName) {
  auto errs = ValidateObjectMeta({{"namespace", "default"}}, true, IsDns1123Subdomain);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "metadata.name");
  EXPECT_EQ(errs[0].message, "Required value: name or generateName is required");
  // generateName alone still needs a name (the server fills it in first).
  EXPECT_TRUE(
      ValidateObjectMeta({{"name", "web-abcde"}, {"generateName", "web-"}, {"namespace", "d"}},
                         true, IsDns1123Subdomain)
          .empty());
}

TEST(ObjectMetaValidationTest, MaskTrailingDashAsUpstream) {
  EXPECT_EQ(MaskTrailingDash("web-"), "wea");  // upstream drops two characters (sic)
  EXPECT_EQ(MaskTrailingDash("-"), "-");
  EXPECT_EQ(MaskTrailingDash("web"), "web");
}

TEST(ObjectMetaValidationTest, ObjectMetaNamespaceRules) {
  auto missing = ValidateObjectMeta({{"name", "a"}}, true, IsDns1123Subdomain);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].field, "metadata.namespace");
  EXPECT_EQ(missing[0].message, "Required value");
  auto forbidden =
      ValidateObjectMeta({{"name", "a"}, {"namespace", "x"}}, false, IsDns1123Subdomain);
  ASSERT_EQ(forbidden.size(), 1u);
  EXPECT_EQ(forbidden[0].message, "Forbidden: not allowed on this type");
  auto bad = ValidateObjectMeta({{"name", "a"}, {"namespace", "Bad"}}, true, IsDns1123Subdomain);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].reason, "FieldValueInvalid");
}

TEST(ObjectMetaValidationTest, ObjectMetaBadNameUsesValidator) {
  auto errs = ValidateObjectMeta({{"name", "a.b"}}, false, IsDns1123Label);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "metadata.name");
  EXPECT_EQ(errs[0].message.rfind("Invalid value: \"a.b\": a lowercase RFC 1123 label", 0), 0u);
  EXPECT_TRUE(ValidateObjectMeta({{"name", "a.b"}}, false, IsDns1123Subdomain).empty());
}

TEST(ObjectMetaValidationTest, ObjectMetaFinalizersAndOwnerReferences) {
  nlohmann::json meta = {{"name", "a"},
                         {"finalizers", {"orphan", "foregroundDeletion", "bad name"}},
                         {"ownerReferences",
                          {{{"apiVersion", "apps/v1"},
                            {"kind", "ReplicaSet"},
                            {"name", "rs"},
                            {"uid", "u1"},
                            {"controller", true}},
                           {{"apiVersion", "v1"},
                            {"kind", "Node"},
                            {"name", "n"},
                            {"uid", ""},
                            {"controller", true}}}}};
  auto errs = ValidateObjectMeta(meta, false, IsDns1123Subdomain);
  std::vector<std::string> fields;
  for (const auto& c : errs) fields.push_back(c.field + " | " + c.message.substr(0, 40));
  ASSERT_EQ(errs.size(), 4u) << testing::PrintToString(fields);
  EXPECT_EQ(errs[0].field, "metadata.ownerReferences.uid");
  EXPECT_EQ(errs[0].message, "Invalid value: \"\": uid must not be empty");
  EXPECT_NE(errs[1].message.find("Only one reference can have Controller set to true. Found "
                                 "\"true\" in references for ReplicaSet/rs and Node/n"),
            std::string::npos);
  EXPECT_EQ(errs[2].field, "metadata.finalizers");
  EXPECT_NE(errs[3].message.find("finalizer orphan and foregroundDeletion cannot be both set"),
            std::string::npos);
}

TEST(ObjectMetaValidationTest, CoreEventsMayNotOwnObjects) {
  nlohmann::json meta = {
      {"name", "a"},
      {"ownerReferences",
       {{{"apiVersion", "v1"}, {"kind", "Event"}, {"name", "e"}, {"uid", "u1"}},
        {{"apiVersion", "events.k8s.io/v1"}, {"kind", "Event"}, {"name", "e"}, {"uid", "u2"}}}}};
  auto errs = ValidateObjectMeta(meta, false, IsDns1123Subdomain);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "metadata.ownerReferences");
  EXPECT_NE(errs[0].message.find("/v1, Kind=Event is disallowed from being an owner"),
            std::string::npos);
}

TEST(ObjectMetaValidationTest, ObjectMetaUpdateImmutableFields) {
  nlohmann::json old_meta = {{"name", "a"},
                             {"namespace", "d"},
                             {"uid", "u1"},
                             {"resourceVersion", "5"},
                             {"creationTimestamp", "2024-01-01T00:00:00Z"}};
  nlohmann::json new_meta = old_meta;
  EXPECT_TRUE(ValidateObjectMetaUpdate(new_meta, old_meta).empty());
  new_meta["uid"] = "u2";
  new_meta["name"] = "b";
  auto errs = ValidateObjectMetaUpdate(new_meta, old_meta);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field, "metadata.name");
  EXPECT_EQ(errs[0].message, "Invalid value: \"b\": field is immutable");
  EXPECT_EQ(errs[1].field, "metadata.uid");
}

TEST(ObjectMetaValidationTest,
     ObjectMetaUpdateNeedsResourceVersionAndNoNewFinalizersWhileDeleting) {
  nlohmann::json old_meta = {{"name", "a"},
                             {"resourceVersion", "5"},
                             {"deletionTimestamp", "2024-01-01T00:00:00Z"},
                             {"finalizers", {"x/a"}}};
  nlohmann::json new_meta = old_meta;
  new_meta.erase("resourceVersion");
  new_meta["finalizers"] = {"x/a", "x/b"};
  auto errs = ValidateObjectMetaUpdate(new_meta, old_meta);
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].field, "metadata.finalizers");
  EXPECT_EQ(errs[0].reason, "FieldValueForbidden");
  EXPECT_EQ(errs[1].message, "Invalid value: \"\": must be specified for an update");
}

}  // namespace
}  // namespace wisp::apimachinery
