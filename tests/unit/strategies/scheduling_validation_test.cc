// Affinity, topology spread and toleration validation: upstream v1.32's
// field paths, reasons and messages.
#include "strategies/scheduling_validation.h"

#include "strategy_test_util.h"

namespace wisp::strategies {
namespace {

using testing::Describe;
using testing::HasCause;
using testing::J;

Causes Affinity(std::string_view affinity) {
  Causes causes;
  ValidateAffinity(J(std::string(R"({"affinity":)") + std::string(affinity) + "}"), "spec", causes);
  return causes;
}

Causes Spread(std::string_view constraints) {
  Causes causes;
  ValidateTopologySpreadConstraints(
      J(std::string(R"({"topologySpreadConstraints":)") + std::string(constraints) + "}"), "spec",
      causes);
  return causes;
}

constexpr char kNodeTerms[] =
    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
constexpr char kPodRequired[] =
    "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution";
constexpr char kAntiPreferred[] =
    "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution";

TEST(NodeAffinityValidation, RequiredNeedsATerm) {
  Causes causes =
      Affinity(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{}}})");
  ASSERT_EQ(causes.size(), 1u) << Describe(causes);
  EXPECT_TRUE(HasCause(causes, kNodeTerms, "FieldValueRequired",
                       "Required value: must have at least one node selector term"));
}

TEST(NodeAffinityValidation, ExpressionOperatorsAndValueCounts) {
  Causes causes = Affinity(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{
      "nodeSelectorTerms":[{"matchExpressions":[
        {"key":"zone","operator":"Foo","values":["a"]},
        {"key":"zone","operator":"In"},
        {"key":"zone","operator":"Exists","values":["a"]},
        {"key":"cores","operator":"Gt","values":["1","2"]},
        {"key":"bad key","operator":"Lt","values":["1"]},
        {"key":"zone","operator":"In","values":["not a label value!"]}]}]}}})");
  const std::string at = std::string(kNodeTerms) + "[0].matchExpressions";
  EXPECT_TRUE(HasCause(causes, at + "[0].operator", "FieldValueInvalid",
                       "Invalid value: \"Foo\": not a valid selector operator"));
  EXPECT_TRUE(HasCause(causes, at + "[1].values", "FieldValueRequired",
                       "Required value: must be specified when `operator` is 'In' or 'NotIn'"));
  EXPECT_TRUE(
      HasCause(causes, at + "[2].values", "FieldValueForbidden",
               "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  EXPECT_TRUE(
      HasCause(causes, at + "[3].values", "FieldValueRequired",
               "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"));
  EXPECT_TRUE(HasCause(causes, at + "[4].key", "FieldValueInvalid",
                       "Invalid value: \"bad key\": name part must consist of alphanumeric"));
  // v1.32 does not check the values' syntax (v1.33 does).
  EXPECT_EQ(causes.size(), 5u) << Describe(causes);
}

TEST(NodeAffinityValidation, FieldsOnlyMetadataNameWithOneValue) {
  Causes causes = Affinity(R"({"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{
      "nodeSelectorTerms":[{"matchFields":[
        {"key":"metadata.name","operator":"In","values":["a","b"]},
        {"key":"metadata.name","operator":"Exists"},
        {"key":"spec.nodeName","operator":"In","values":["a"]},
        {"key":"metadata.name","operator":"NotIn","values":["Bad_Node"]}]}]}}})");
  const std::string at = std::string(kNodeTerms) + "[0].matchFields";
  EXPECT_TRUE(HasCause(causes, at + "[0].values", "FieldValueRequired",
                       "Required value: must be only one value when `operator` is 'In' or "
                       "'NotIn' for node field selector"));
  EXPECT_TRUE(HasCause(causes, at + "[1].operator", "FieldValueInvalid",
                       "Invalid value: \"Exists\": not a valid selector operator"));
  EXPECT_TRUE(HasCause(causes, at + "[2].key", "FieldValueInvalid",
                       "Invalid value: \"spec.nodeName\": not a valid field selector key"));
  EXPECT_TRUE(HasCause(causes, at + "[3].values[0]", "FieldValueInvalid",
                       "Invalid value: \"Bad_Node\": a lowercase RFC 1123 subdomain"));
}

TEST(NodeAffinityValidation, PreferredWeightsAndPreferences) {
  Causes causes = Affinity(R"({"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
      {"weight":0,"preference":{"matchExpressions":[{"key":"a","operator":"In","values":["b"]}]}},
      {"weight":101,"preference":{"matchExpressions":[{"key":"a","operator":"Nope"}]}}]}})");
  const std::string at =
      "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution";
  EXPECT_TRUE(HasCause(causes, at + "[0].weight", "FieldValueInvalid",
                       "Invalid value: 0: must be in the range 1-100"));
  EXPECT_TRUE(HasCause(causes, at + "[1].weight", "FieldValueInvalid",
                       "Invalid value: 101: must be in the range 1-100"));
  EXPECT_TRUE(HasCause(causes, at + "[1].preference.matchExpressions[0].operator",
                       "FieldValueInvalid",
                       "Invalid value: \"Nope\": not a valid selector operator"));
  EXPECT_EQ(causes.size(), 3u) << Describe(causes);
}

TEST(PodAffinityValidation, TopologyKeyIsRequiredAndQualified) {
  Causes causes = Affinity(R"({"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
      {"labelSelector":{"matchLabels":{"app":"web"}}},
      {"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"bad key"}]}})");
  const std::string at = kPodRequired;
  EXPECT_TRUE(HasCause(causes, at + "[0].topologyKey", "FieldValueRequired",
                       "Required value: can not be empty"));
  EXPECT_TRUE(HasCause(causes, at + "[0].topologyKey", "FieldValueInvalid",
                       "Invalid value: \"\": name part must be non-empty"));
  EXPECT_TRUE(HasCause(causes, at + "[1].topologyKey", "FieldValueInvalid",
                       "Invalid value: \"bad key\": name part must consist of"));
}

TEST(PodAffinityValidation, SelectorsNamespacesAndWeights) {
  Causes causes =
      Affinity(R"({"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[
      {"weight":200,"podAffinityTerm":{"topologyKey":"zone",
        "labelSelector":{"matchExpressions":[{"key":"app","operator":"Foo"}]},
        "namespaceSelector":{"matchLabels":{"team":"not valid!"}},
        "namespaces":["Default"]}}]}})");
  const std::string at = std::string(kAntiPreferred) + "[0]";
  EXPECT_TRUE(HasCause(causes, at + ".weight", "FieldValueInvalid",
                       "Invalid value: 200: must be in the range 1-100"));
  EXPECT_TRUE(HasCause(causes, at + ".podAffinityTerm.labelSelector.matchExpressions[0].operator",
                       "FieldValueInvalid",
                       "Invalid value: \"Foo\": not a valid selector operator"));
  EXPECT_TRUE(HasCause(causes, at + ".podAffinityTerm.namespaceSelector.matchLabels",
                       "FieldValueInvalid", "Invalid value: \"not valid!\""));
  // Upstream names the list "namespace".
  EXPECT_TRUE(HasCause(causes, at + ".podAffinityTerm.namespace", "FieldValueInvalid",
                       "Invalid value: \"Default\": a lowercase RFC 1123 label"));
  ASSERT_EQ(causes.size(), 4u) << Describe(causes);
  EXPECT_EQ(causes[0].field, at + ".weight");  // the weight, then the term
}

TEST(PodAffinityValidation, SelectorValuesMustBeLabelValues) {
  Causes causes = Affinity(R"({"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
      {"topologyKey":"zone","labelSelector":{"matchExpressions":[
        {"key":"app","operator":"In","values":["ok","not ok"]}]}}]}})");
  EXPECT_TRUE(HasCause(
      causes, std::string(kPodRequired) + "[0].labelSelector.matchExpressions[0].values[1]",
      "FieldValueInvalid", "Invalid value: \"not ok\": a valid label must be"));
}

TEST(PodAffinityValidation, LabelKeysNeedASelectorAndMayNotOverlap) {
  Causes causes = Affinity(R"({"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
      {"topologyKey":"zone","matchLabelKeys":["a"],"mismatchLabelKeys":["b"]},
      {"topologyKey":"zone","labelSelector":{"matchLabels":{"app":"x"}},
       "matchLabelKeys":["pod-template-hash","bad key"],"mismatchLabelKeys":["pod-template-hash"]}]}})");
  const std::string at = kPodRequired;
  EXPECT_TRUE(HasCause(causes, at + "[0].matchLabelKeys", "FieldValueForbidden",
                       "Forbidden: must not be specified when labelSelector is not set"));
  EXPECT_TRUE(HasCause(causes, at + "[0].mismatchLabelKeys", "FieldValueForbidden",
                       "Forbidden: must not be specified when labelSelector is not set"));
  EXPECT_TRUE(HasCause(causes, at + "[1].matchLabelKeys[1]", "FieldValueInvalid",
                       "Invalid value: \"bad key\""));
  EXPECT_TRUE(HasCause(causes, at + "[1].matchLabelKeys[0]", "FieldValueInvalid",
                       "Invalid value: \"pod-template-hash\": exists in both matchLabelKeys and "
                       "mismatchLabelKeys"));
}

TEST(PodAffinityValidation, MatchLabelKeyAlreadyInTheSelectorIsRefused) {
  // The pod strategy adds `app In (<value>)` for matchLabelKeys [app]; the
  // selector then names app twice.
  Causes causes = Affinity(R"({"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
      {"topologyKey":"zone","matchLabelKeys":["app"],"labelSelector":{
        "matchLabels":{"app":"web"},
        "matchExpressions":[{"key":"app","operator":"In","values":["web"]}]}}]}})");
  // Upstream indexes the term's own path (sic).
  EXPECT_TRUE(HasCause(causes, std::string(kPodRequired) + "[0][0]", "FieldValueInvalid",
                       "Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"));
  // Once only: the selector naming the key once is the merged, valid form.
  EXPECT_TRUE(Affinity(R"({"podAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
      {"topologyKey":"zone","matchLabelKeys":["app"],"labelSelector":{
        "matchExpressions":[{"key":"app","operator":"In","values":["web"]}]}}]}})")
                  .empty());
}

TEST(TopologySpreadValidation, SkewKeyAndAction) {
  Causes causes = Spread(R"([{"maxSkew":0,"topologyKey":"","whenUnsatisfiable":"Sometimes"}])");
  const std::string at = "spec.topologySpreadConstraints[0]";
  ASSERT_EQ(causes.size(), 3u) << Describe(causes);
  EXPECT_EQ(causes[0].field, at + ".maxSkew");
  EXPECT_EQ(causes[0].message, "Invalid value: 0: must be greater than zero");
  EXPECT_EQ(causes[1].field, at + ".topologyKey");
  EXPECT_EQ(causes[1].message, "Required value: can not be empty");
  EXPECT_EQ(causes[2].field, at + ".whenUnsatisfiable");
  EXPECT_EQ(causes[2].message,
            "Unsupported value: \"Sometimes\": supported values: \"DoNotSchedule\", "
            "\"ScheduleAnyway\"");
}

TEST(TopologySpreadValidation, DuplicatePairsReportTheFirst) {
  Causes causes = Spread(R"([
      {"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"},
      {"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"ScheduleAnyway"},
      {"maxSkew":2,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}])");
  ASSERT_EQ(causes.size(), 1u) << Describe(causes);
  EXPECT_EQ(causes[0].field, "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}");
  EXPECT_EQ(causes[0].reason, "FieldValueDuplicate");
  EXPECT_EQ(causes[0].message, "Duplicate value: \"{zone, DoNotSchedule}\"");
}

TEST(TopologySpreadValidation, MinDomainsAndPolicies) {
  Causes causes = Spread(R"([
      {"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"ScheduleAnyway","minDomains":0,
       "nodeAffinityPolicy":"Maybe","nodeTaintsPolicy":"Honor"}])");
  const std::string at = "spec.topologySpreadConstraints[0]";
  EXPECT_TRUE(HasCause(causes, at + ".minDomains", "FieldValueInvalid",
                       "Invalid value: 0: must be greater than zero"));
  EXPECT_TRUE(HasCause(causes, at + ".minDomains", "FieldValueInvalid",
                       "Invalid value: 0: can only use minDomains if "
                       "whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"));
  EXPECT_TRUE(HasCause(causes, at + ".nodeAffinityPolicy", "FieldValueNotSupported",
                       "Unsupported value: \"Maybe\": supported values: \"Honor\", \"Ignore\""));
  EXPECT_EQ(causes.size(), 3u) << Describe(causes);
}

TEST(TopologySpreadValidation, MatchLabelKeysAndSelector) {
  Causes causes = Spread(R"([
      {"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule",
       "matchLabelKeys":["pod-template-hash"]},
      {"maxSkew":1,"topologyKey":"host","whenUnsatisfiable":"DoNotSchedule",
       "matchLabelKeys":["app","bad key"],
       "labelSelector":{"matchLabels":{"app":"web"},
                        "matchExpressions":[{"key":"tier","operator":"Bad"}]}}])");
  EXPECT_TRUE(HasCause(causes, "spec.topologySpreadConstraints[0].matchLabelKeys",
                       "FieldValueForbidden",
                       "Forbidden: must not be specified when labelSelector is not set"));
  EXPECT_TRUE(HasCause(causes, "spec.topologySpreadConstraints[1].matchLabelKeys[0]",
                       "FieldValueInvalid",
                       "Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"));
  EXPECT_TRUE(HasCause(causes, "spec.topologySpreadConstraints[1].matchLabelKeys[1]",
                       "FieldValueInvalid", "Invalid value: \"bad key\""));
  EXPECT_TRUE(HasCause(causes,
                       "spec.topologySpreadConstraints[1].labelSelector.matchExpressions[0]."
                       "operator",
                       "FieldValueInvalid",
                       "Invalid value: \"Bad\": not a valid selector operator"));
}

TEST(TolerationValidation, KeysOperatorsAndEffects) {
  Causes causes;
  ValidateTolerations(J(R"({"tolerations":[
      {"operator":"Equal","value":"x"},
      {"key":"k","operator":"Exists","value":"v"},
      {"key":"k","operator":"Maybe"},
      {"key":"k","effect":"NoSchedule","tolerationSeconds":5},
      {"key":"bad key","effect":"Never"}]})"),
                      "spec", causes);
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[0].operator", "FieldValueInvalid",
                       "Invalid value: \"Equal\": operator must be Exists when `key` is empty, "
                       "which means \"match all values and all keys\""));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[1].operator", "FieldValueInvalid",
                       "Invalid value: \"v\": value must be empty when `operator` is 'Exists'"));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[2].operator", "FieldValueNotSupported",
                       "Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\""));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[3].effect", "FieldValueInvalid",
                       "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when "
                       "`tolerationSeconds` is set"));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[4].key", "FieldValueInvalid",
                       "Invalid value: \"bad key\""));
  EXPECT_TRUE(HasCause(causes, "spec.tolerations[4].effect", "FieldValueNotSupported",
                       "Unsupported value: \"Never\": supported values: \"NoSchedule\", "
                       "\"PreferNoSchedule\", \"NoExecute\""));
}

}  // namespace
}  // namespace wisp::strategies
