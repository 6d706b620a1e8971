// Events: legacy checks for every version, strict ones for events.k8s.io/v1.
#include "strategies/kinds.h"
#include "strategy_test_util.h"
#include "wisp/strategies/conversion.h"

namespace wisp::strategies {
namespace {

using testing::HasCause;
using testing::J;

constexpr char kNew[] = R"({"apiVersion":"events.k8s.io/v1","kind":"Event",
  "metadata":{"name":"e","namespace":"d","resourceVersion":"1"},
  "eventTime":"2026-01-02T03:04:05.123456Z","regarding":{"kind":"Pod","name":"p","namespace":"d"},
  "note":"n","reason":"Pulled","type":"Normal","action":"Pull",
  "reportingController":"wisp.io/kubelet","reportingInstance":"n1"})";

TEST(EventStrategy, ValidNewStyleEventPasses) {
  auto s = NewEventStrategy();
  Json e = J(kNew);
  Causes causes = testing::Create(*s, e);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

TEST(EventStrategy, EventsV1NeedsTheNewStyleFields) {
  auto s = NewEventStrategy();
  Json e = J(R"({"apiVersion":"events.k8s.io/v1","kind":"Event",
    "metadata":{"name":"e","namespace":"d"},"regarding":{"kind":"Pod","name":"p","namespace":"d"},
    "type":"Bad","deprecatedCount":3,"deprecatedSource":{"component":"x"},
    "series":{"count":1}})");
  Causes causes = testing::Create(*s, e);
  EXPECT_TRUE(HasCause(causes, "eventTime", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "type", "FieldValueInvalid", "has invalid value: Bad"));
  EXPECT_TRUE(HasCause(causes, "count", "FieldValueInvalid", "needs to be unset"));
  EXPECT_TRUE(HasCause(causes, "source", "FieldValueInvalid", "needs to be unset"));
  EXPECT_TRUE(HasCause(causes, "series.count", "FieldValueInvalid", "should be at least 2"));
  EXPECT_TRUE(HasCause(causes, "series.lastObservedTime", "FieldValueRequired"));
}

TEST(EventStrategy, NewStyleEventNeedsReportingFieldsInEveryVersion) {
  auto s = NewEventStrategy();
  Json e = J(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"d"},
    "eventTime":"2026-01-02T03:04:05.000000Z","involvedObject":{"kind":"Pod","name":"p"},
    "message":")" +
             std::string(1025, 'x') + R"("})");
  Causes causes = testing::Create(*s, e);
  // A core v1 request names the field as core v1 spells it.
  EXPECT_TRUE(HasCause(causes, "reportingComponent", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "reportingInstance", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "action", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "reason", "FieldValueRequired"));
  EXPECT_TRUE(HasCause(causes, "message", "FieldValueInvalid", "at most 1024 characters"));
  EXPECT_TRUE(HasCause(causes, "involvedObject.namespace", "FieldValueInvalid",
                       "does not match event.namespace"));
}

TEST(EventStrategy, OldStyleCoreEventsStayLenient) {
  auto s = NewEventStrategy();
  Json e = J(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"d"},
    "involvedObject":{"kind":"Pod","name":"p","namespace":"d"},"type":"Anything","count":4,
    "source":{"component":"kubelet"}})");
  Causes causes = testing::Create(*s, e);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json other = J(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"d"},
    "involvedObject":{"kind":"Pod","name":"p","namespace":"elsewhere"}})");
  EXPECT_TRUE(
      HasCause(testing::Create(*s, other), "involvedObject.namespace", "FieldValueInvalid"));
}

TEST(EventStrategy, CoreEventNamesAreLegacyPathSegments) {
  auto s = NewEventStrategy();
  Json e = J(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"Web_Ev:1","namespace":"d"},
    "involvedObject":{"kind":"Pod","name":"p","namespace":"d"}})");
  Causes causes = testing::Create(*s, e);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  Json v1 = J(kNew);
  v1["metadata"]["name"] = "Web_Ev:1";
  EXPECT_TRUE(HasCause(testing::Create(*s, v1), "metadata.name", "FieldValueInvalid",
                       "RFC 1123 subdomain"));
}

TEST(EventStrategy, EventsV1UpdatesMayOnlyChangeTheSeries) {
  auto s = NewEventStrategy();
  const Json old = J(kNew);
  Json next = J(kNew);
  next["series"] = J(R"({"count":2,"lastObservedTime":"2026-01-02T03:05:00.000000Z"})");
  next["eventTime"] = "2026-01-02T03:04:05.1234569Z";  // same microsecond
  Causes causes = testing::Update(*s, next, old);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
  next["note"] = "changed";
  next["reportingController"] = "other.io/x";
  causes = testing::Update(*s, next, old);
  EXPECT_TRUE(HasCause(causes, "message", "FieldValueInvalid", "field is immutable"));
  EXPECT_TRUE(HasCause(causes, "reportingController", "FieldValueInvalid", "field is immutable"));
  Json core = J(kNew);
  ConvertObject(core, "v1");
  Json core_next = core;
  core_next["message"] = "changed";  // core v1 has no update rules
  causes = testing::Update(*s, core_next, core);
  EXPECT_TRUE(causes.empty()) << testing::Describe(causes);
}

}  // namespace
}  // namespace wisp::strategies
