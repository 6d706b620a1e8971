#include "wisp/api/protobuf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "nlohmann/json.hpp"

namespace wisp::api {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Builds protobuf wire bytes by hand (no protoc in the build).
class Writer {
 public:
  Writer& Varint(int field, uint64_t v) {
    Key(field, 0);
    PutVarint(v);
    return *this;
  }
  Writer& Bytes(int field, std::string_view s) {
    Key(field, 2);
    PutVarint(s.size());
    out_.append(s);
    return *this;
  }
  Writer& Message(int field, const Writer& m) { return Bytes(field, m.out_); }
  // A map entry {key = 1, value = 2} with a string value.
  Writer& Entry(int field, std::string_view key, std::string_view value) {
    return Message(field, Writer().Bytes(1, key).Bytes(2, value));
  }
  Writer& Entry(int field, std::string_view key, const Writer& value) {
    return Message(field, Writer().Bytes(1, key).Message(2, value));
  }
  Writer& Raw(std::string_view bytes) {
    out_.append(bytes);
    return *this;
  }
  const std::string& str() const { return out_; }

 private:
  void Key(int field, int wire_type) { PutVarint(static_cast<uint64_t>(field) << 3 | wire_type); }
  void PutVarint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  std::string out_;
};

std::string Envelope(std::string_view api_version, std::string_view kind, const Writer& raw) {
  Writer unknown;
  unknown.Message(1, Writer().Bytes(1, api_version).Bytes(2, kind)).Message(2, raw);
  unknown.Bytes(3, "").Bytes(4, "");
  return std::string("k8s\0", 4) + unknown.str();
}

Writer Quantity(std::string_view s) { return Writer().Bytes(1, s); }
Writer IntOrStringInt(int v) { return Writer().Varint(1, 0).Varint(2, v).Bytes(3, ""); }
Writer IntOrStringStr(std::string_view s) { return Writer().Varint(1, 1).Varint(2, 0).Bytes(3, s); }

// ObjectMeta as go-to-protobuf writes it: every non-pointer field, empty or not.
Writer Meta(std::string_view name) {
  Writer m;
  m.Bytes(1, name).Bytes(2, "").Bytes(3, "").Bytes(4, "").Bytes(5, "").Bytes(6, "");
  m.Varint(7, 0).Message(8, Writer());  // generation 0, zero creationTimestamp
  return m;
}

class ProtobufTest : public ::testing::Test {
 protected:
  json Decode(const std::string& body) {
    absl::StatusOr<std::string> text = ProtobufToJson(*registry_, body);
    EXPECT_TRUE(text.ok()) << text.status();
    if (!text.ok()) return json();
    json j = json::parse(*text, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << *text;
    return j;
  }
  std::string Error(const std::string& body) {
    absl::StatusOr<std::string> text = ProtobufToJson(*registry_, body);
    EXPECT_FALSE(text.ok()) << *text;
    EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(text.status().message());
  }
  std::unique_ptr<Registry> registry_ = NewBuiltInRegistry();
};

TEST_F(ProtobufTest, DecodesANamespaceAsKubectlCreateSendsIt) {
  Writer ns;
  ns.Message(1, Meta("team-a")).Message(2, Writer()).Message(3, Writer().Bytes(1, ""));
  json j = Decode(Envelope("v1", "Namespace", ns));
  EXPECT_EQ(j, json::parse(R"({"apiVersion":"v1","kind":"Namespace",
      "metadata":{"name":"team-a","generation":0},"spec":{},"status":{}})"));
}

TEST_F(ProtobufTest, DecodesConfigMapDataAndBinaryData) {
  Writer cm;
  cm.Message(1, Meta("cfg")).Entry(2, "a", "1").Entry(2, "empty", "");
  cm.Entry(3, "bin", std::string("\x00\xff\x10", 3));
  json j = Decode(Envelope("v1", "ConfigMap", cm));
  EXPECT_EQ(j["data"], json::parse(R"({"a":"1","empty":""})"));
  EXPECT_EQ(j["binaryData"]["bin"], "AP8Q");
  EXPECT_FALSE(j.contains("immutable"));
}

TEST_F(ProtobufTest, DecodesSecretBytesAsBase64) {
  Writer secret;
  secret.Message(1, Meta("s")).Entry(2, "password", "secret").Bytes(3, "Opaque");
  secret.Entry(4, "plain", "text");
  json j = Decode(Envelope("v1", "Secret", secret));
  EXPECT_EQ(j["data"]["password"], "c2VjcmV0");
  EXPECT_EQ(j["type"], "Opaque");
  EXPECT_EQ(j["stringData"]["plain"], "text");
  EXPECT_EQ(j["kind"], "Secret");
}

TEST_F(ProtobufTest, DecodesADeploymentKeepingZeroReplicas) {
  Writer container;
  container.Bytes(1, "web").Bytes(2, "nginx:1.27");
  container.Message(6, Writer().Bytes(1, "").Varint(2, 0).Varint(3, 80).Bytes(4, "TCP"));
  container.Message(
      8, Writer().Entry(1, "cpu", Quantity("500m")).Entry(2, "memory", Quantity("64Mi")));
  container.Varint(16, 0);  // stdin false
  Writer template_spec;
  template_spec.Message(1, Meta("").Entry(11, "app", "web"))
      .Message(2, Writer().Message(2, container));
  Writer spec;
  spec.Varint(1, 0)  // replicas: 0, explicitly set
      .Message(2, Writer().Entry(1, "app", "web"))
      .Message(3, template_spec)
      .Message(4, Writer().Bytes(1, ""))  // strategy {}
      .Varint(5, 0);
  Writer deploy;
  deploy.Message(1, Meta("web")).Message(2, spec).Message(3, Writer());
  json j = Decode(Envelope("apps/v1", "Deployment", deploy));
  EXPECT_EQ(j["apiVersion"], "apps/v1");
  ASSERT_TRUE(j["spec"].contains("replicas"));
  EXPECT_EQ(j["spec"]["replicas"], 0);
  EXPECT_EQ(j["spec"]["selector"], json::parse(R"({"matchLabels":{"app":"web"}})"));
  EXPECT_EQ(j["spec"]["strategy"], json::object());
  EXPECT_EQ(j["spec"]["template"]["metadata"]["labels"]["app"], "web");
  const json& c = j["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["name"], "web");
  EXPECT_EQ(c["image"], "nginx:1.27");
  EXPECT_EQ(c["ports"], json::parse(R"([{"containerPort":80,"hostPort":0,"protocol":"TCP"}])"));
  EXPECT_EQ(c["resources"],
            json::parse(R"({"limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}})"));
  EXPECT_EQ(c["stdin"], false);
}

TEST_F(ProtobufTest, DecodesServiceTargetPortIntAndString) {
  Writer spec;
  spec.Message(1, Writer()
                      .Bytes(1, "http")
                      .Bytes(2, "TCP")
                      .Varint(3, 80)
                      .Message(4, IntOrStringInt(8080))
                      .Varint(5, 0));
  spec.Message(1, Writer()
                      .Bytes(1, "https")
                      .Bytes(2, "TCP")
                      .Varint(3, 443)
                      .Message(4, IntOrStringStr("web-https")));
  spec.Entry(2, "app", "web").Bytes(3, "").Bytes(4, "NodePort");
  Writer svc;
  svc.Message(1, Meta("web")).Message(2, spec);
  json j = Decode(Envelope("v1", "Service", svc));
  EXPECT_EQ(j["spec"]["ports"][0]["targetPort"], 8080);
  EXPECT_EQ(j["spec"]["ports"][0]["nodePort"], 0);
  EXPECT_EQ(j["spec"]["ports"][1]["targetPort"], "web-https");
  EXPECT_EQ(j["spec"]["type"], "NodePort");
  EXPECT_FALSE(j["spec"].contains("clusterIP"));
  EXPECT_EQ(j["spec"]["selector"]["app"], "web");
}

TEST_F(ProtobufTest, DecodesACronJobWithTimes) {
  Writer pod_spec;
  pod_spec.Message(2, Writer().Bytes(1, "job").Bytes(2, "busybox").Bytes(3, "date").Bytes(3, ""));
  pod_spec.Bytes(3, "OnFailure");
  Writer job_spec;
  job_spec.Message(6, Writer().Message(1, Meta("")).Message(2, pod_spec));
  Writer spec;
  spec.Bytes(1, "*/5 * * * *").Message(5, Writer().Message(1, Meta("tick")).Message(2, job_spec));
  Writer status;
  status.Message(4, Writer().Varint(1, 1700000000).Varint(2, 999));
  Writer cron;
  cron.Message(1, Meta("tick")).Message(2, spec).Message(3, status);
  json j = Decode(Envelope("batch/v1", "CronJob", cron));
  EXPECT_EQ(j["spec"]["schedule"], "*/5 * * * *");
  const json& c = j["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["command"], json::parse(R"(["date",""])"));  // list items stay, even empty
  EXPECT_EQ(j["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"], "OnFailure");
  EXPECT_EQ(j["status"]["lastScheduleTime"], "2023-11-14T22:13:20Z");
  EXPECT_FALSE(j["metadata"].contains("creationTimestamp"));  // zero Time is dropped
}

TEST_F(ProtobufTest, FormatsMicroTimeWithSixDigits) {
  Writer lease_spec;
  lease_spec.Bytes(1, "node-1").Message(3, Writer().Varint(1, 1700000000).Varint(2, 123456789));
  lease_spec.Message(4, Writer().Varint(1, 0));
  Writer lease;
  lease.Message(1, Meta("node-1")).Message(2, lease_spec);
  json j = Decode(Envelope("coordination.k8s.io/v1", "Lease", lease));
  EXPECT_EQ(j["spec"]["acquireTime"], "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(j["spec"]["renewTime"], "1970-01-01T00:00:00.000000Z");
}

TEST_F(ProtobufTest, FlattensEmbeddedStructsLikeJson) {
  Writer probe;  // handler (1) {exec (1) {command}}, periodSeconds (4)
  probe.Message(1, Writer().Message(1, Writer().Bytes(1, "true"))).Varint(4, 10);
  Writer env_from_cm;  // ConfigMapKeySelector {LocalObjectReference (1) {name}, key (2)}
  env_from_cm.Message(1, Writer().Bytes(1, "cfg")).Bytes(2, "k");
  Writer container;
  container.Bytes(1, "c").Message(10, probe);
  container.Message(7, Writer().Bytes(1, "X").Message(3, Writer().Message(3, env_from_cm)));
  Writer volume;  // name (1), VolumeSource (2) {emptyDir (2) {}}
  volume.Bytes(1, "scratch").Message(2, Writer().Message(2, Writer()));
  Writer pod;
  pod.Message(1, Meta("p")).Message(2, Writer().Message(1, volume).Message(2, container));
  json j = Decode(Envelope("v1", "Pod", pod));
  const json& c = j["spec"]["containers"][0];
  EXPECT_EQ(c["livenessProbe"], json::parse(R"({"exec":{"command":["true"]},"periodSeconds":10})"));
  EXPECT_EQ(c["env"][0]["valueFrom"]["configMapKeyRef"],
            json::parse(R"({"name":"cfg","key":"k"})"));
  EXPECT_EQ(j["spec"]["volumes"][0], json::parse(R"({"name":"scratch","emptyDir":{}})"));
}

TEST_F(ProtobufTest, DecodesIngressRuleHttpFromEmbeddedRuleValue) {
  Writer backend;
  backend.Message(4, Writer().Bytes(1, "web").Message(2, Writer().Bytes(1, "").Varint(2, 80)));
  Writer path;
  path.Bytes(1, "/").Message(2, backend).Bytes(3, "Prefix");
  Writer rule;
  rule.Bytes(1, "example.com").Message(2, Writer().Message(1, Writer().Message(1, path)));
  Writer ing;
  ing.Message(1, Meta("ing")).Message(2, Writer().Message(3, rule));
  json j = Decode(Envelope("networking.k8s.io/v1", "Ingress", ing));
  EXPECT_EQ(j["spec"]["rules"][0], json::parse(R"({"host":"example.com","http":{"paths":[
      {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}})"));
}

TEST_F(ProtobufTest, DecodesNegativeInt32AndPackedOrUnpackedRepeatedScalars) {
  Writer pc;
  pc.Message(1, Meta("low")).Varint(2, static_cast<uint64_t>(int64_t{-5}));  // 10-byte varint
  EXPECT_EQ(Decode(Envelope("scheduling.k8s.io/v1", "PriorityClass", pc))["value"], -5);

  Writer packed_ints;  // 1000, 2000 packed
  packed_ints.Raw("\xe8\x07\xd0\x0f");
  Writer security;
  security.Message(4, packed_ints).Varint(4, 3000);  // packed then unpacked
  Writer pod;
  pod.Message(1, Meta("p")).Message(2, Writer().Message(14, security));
  json j = Decode(Envelope("v1", "Pod", pod));
  EXPECT_EQ(j["spec"]["securityContext"]["supplementalGroups"], json::parse("[1000,2000,3000]"));
}

TEST_F(ProtobufTest, SkipsUnknownFieldNumbers) {
  Writer ns;
  ns.Message(1, Meta("n").Varint(99, 7).Bytes(100, "future")).Varint(42, 1);
  json j = Decode(Envelope("v1", "Namespace", ns));
  EXPECT_EQ(j["metadata"]["name"], "n");
}

TEST_F(ProtobufTest, DecodesDeleteOptionsScaleAndLists) {
  Writer del;
  del.Varint(1, 0).Varint(3, 0).Bytes(4, "Foreground").Bytes(5, "All");
  json d = Decode(Envelope("meta.k8s.io/v1", "DeleteOptions", del));
  EXPECT_EQ(d, json::parse(R"({"apiVersion":"meta.k8s.io/v1","kind":"DeleteOptions",
      "gracePeriodSeconds":0,"orphanDependents":false,"propagationPolicy":"Foreground",
      "dryRun":["All"]})"));
  EXPECT_EQ(Decode(Envelope("apps/v1", "DeleteOptions", Writer()))["kind"], "DeleteOptions");

  Writer scale;
  scale.Message(1, Meta("web")).Message(2, Writer().Varint(1, 3));
  json s = Decode(Envelope("autoscaling/v1", "Scale", scale));
  EXPECT_EQ(s["spec"]["replicas"], 3);

  Writer list;
  list.Message(1, Writer().Bytes(2, "17")).Message(2, Writer().Message(1, Meta("a")));
  json l = Decode(Envelope("v1", "NamespaceList", list));
  EXPECT_EQ(l["metadata"]["resourceVersion"], "17");
  EXPECT_EQ(l["items"][0]["metadata"]["name"], "a");
}

TEST_F(ProtobufTest, DecodesRawExtensionAndMapOfLists) {
  Writer rev;
  rev.Message(1, Meta("rev")).Message(2, Writer().Bytes(1, R"({"spec":{"x":1}})")).Varint(3, 2);
  json r = Decode(Envelope("apps/v1", "ControllerRevision", rev));
  EXPECT_EQ(r["data"], json::parse(R"({"spec":{"x":1}})"));
  EXPECT_EQ(r["revision"], 2);

  Writer csr_spec;
  csr_spec.Bytes(1, "PEM").Entry(6, "scopes", Writer().Bytes(1, "a").Bytes(1, "b"));
  Writer csr;
  csr.Message(1, Meta("csr")).Message(2, csr_spec);
  json c = Decode(Envelope("certificates.k8s.io/v1", "CertificateSigningRequest", csr));
  EXPECT_EQ(c["spec"]["request"], "UEVN");
  EXPECT_EQ(c["spec"]["extra"], json::parse(R"({"scopes":["a","b"]})"));
}

TEST_F(ProtobufTest, RejectsABodyWithoutTheMagic) {
  EXPECT_THAT(Error("{\"kind\":\"Pod\"}"), HasSubstr("magic"));
  EXPECT_THAT(Error("k8s"), HasSubstr("magic"));
}

TEST_F(ProtobufTest, RejectsATruncatedVarintNamingTheByte) {
  std::string body = Envelope("v1", "Namespace", Writer().Message(1, Meta("n")));
  body += "\x48\x80";  // envelope field 9 (varint) whose varint never ends
  EXPECT_THAT(Error(body),
              HasSubstr("truncated varint at byte " + std::to_string(body.size() - 1)));

  // Inside the object: spec (2) holds replicas (1) = 0x80 and then ends.
  Writer deploy;
  deploy.Raw(std::string("\x12\x02\x08\x80", 4));
  std::string inner = Envelope("apps/v1", "Deployment", deploy);
  size_t at = inner.find(std::string("\x12\x02\x08\x80", 4)) + 3;
  EXPECT_THAT(Error(inner), HasSubstr("truncated varint at byte " + std::to_string(at)));
}

TEST_F(ProtobufTest, RejectsALengthPastTheEnd) {
  // raw's ObjectMeta claims 10 bytes but only 2 follow.
  Writer raw;
  raw.Raw(std::string("\x0a\x0a\x0a\x00", 4));
  std::string error = Error(Envelope("v1", "Namespace", raw));
  EXPECT_THAT(error, HasSubstr("length 10 at byte"));
  EXPECT_THAT(error, HasSubstr("runs past the end"));
}

TEST_F(ProtobufTest, RejectsAWireTypeThatDoesNotMatchTheSchema) {
  Writer deploy;
  deploy.Message(2, Writer().Bytes(1, "three"));  // replicas as a string
  EXPECT_THAT(Error(Envelope("apps/v1", "Deployment", deploy)),
              HasSubstr("field \"spec.replicas\" (#1)"));
}

TEST_F(ProtobufTest, RejectsUnknownKindsMissingTypeMetaAndEncodings) {
  EXPECT_THAT(Error(Envelope("v1", "Gizmo", Writer())), HasSubstr("no schema for apiVersion"));
  std::string no_type = std::string("k8s\0", 4) + Writer().Message(2, Writer()).str();
  EXPECT_THAT(Error(no_type), HasSubstr("apiVersion/kind"));
  Writer gz;
  gz.Message(1, Writer().Bytes(1, "v1").Bytes(2, "Namespace")).Bytes(2, "").Bytes(3, "gzip");
  EXPECT_THAT(Error(std::string("k8s\0", 4) + gz.str()), HasSubstr("gzip"));
  std::string group = Envelope("v1", "Namespace", Writer().Raw("\x0b"));  // wire type 3
  EXPECT_THAT(Error(group), HasSubstr("unsupported wire type 3"));
}

TEST_F(ProtobufTest, RejectsRawExtensionThatIsNotJson) {
  Writer rev;
  rev.Message(1, Meta("rev")).Message(2, Writer().Bytes(1, "\x0a\x01x"));
  EXPECT_THAT(Error(Envelope("apps/v1", "ControllerRevision", rev)),
              HasSubstr("field \"data\": raw bytes are not JSON"));
}

}  // namespace
}  // namespace wisp::api
