// File: src/apiserver/response.cc
#include "apiserver/response.h"

#include "absl/strings/match.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <ctime>
#include <random>

#include "wisp/api/protobuf.h"
#include "wisp/base/clock.h"
#include "wisp/base/strings.h"

namespace wisp::apiserver {
namespace am = apimachinery;

namespace {

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// YAML scalars become JSON strings, numbers, booleans or null as YAML 1.1
// resolves them for Kubernetes manifests.
nlohmann::json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& item : node) arr.push_back(YamlToJson(item));
      return arr;
    }
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node) obj[kv.first.as<std::string>()] = YamlToJson(kv.second);
      return obj;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return s;
      if (s == "true" || s == "True" || s == "TRUE") return true;
      if (s == "false" || s == "False" || s == "FALSE") return false;
      if (s == "null" || s == "~" || s.empty()) return nullptr;
      int64_t i = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      if (ec == std::errc() && p == s.data() + s.size()) return i;
      double d = 0;
      auto [pd, ecd] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ecd == std::errc() && pd == s.data() + s.size() && s.find_first_of(".eE") != s.npos) {
        return d;
      }
      return s;
    }
  }
  return nullptr;
}

}  // namespace

Negotiated NegotiateAccept(const net::HttpRequest& request) {
  Negotiated out;
  auto accept = request.headers.Get("Accept");
  if (!accept || accept->empty()) return out;
  bool json_ok = false;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (Contains(item, "as=Table") && Contains(item, "g=meta.k8s.io")) {
      out.form = ResponseForm::kTable;
      return out;
    }
    if (Contains(item, "as=PartialObjectMetadata") && Contains(item, "g=meta.k8s.io")) {
      out.form = ResponseForm::kPartialMetadata;
      return out;
    }
    if (Contains(item, "as=")) continue;  // a form we do not serve
    if (Contains(item, "application/yaml")) {
      if (!json_ok) out.yaml = true;  // The first acceptable type wins.
      json_ok = true;
    } else if (Contains(item, "application/json") || Contains(item, "*/*") ||
               Contains(item, "application/*")) {
      json_ok = true;
    }
  }
  out.ok = json_ok;
  return out;
}

void RespondJson(net::Responder& responder, int status, std::string body,
                 std::string_view content_type) {
  net::HttpResponse resp;
  resp.status = status;
  resp.headers.Set("Content-Type", std::string(content_type));
  resp.headers.Set("Cache-Control", "no-cache, private");
  resp.body = std::move(body);
  responder.Respond(std::move(resp));
}

void RespondError(net::Responder& responder, const am::ApiError& error, bool yaml) {
  net::HttpResponse resp;
  resp.status = error.code;
  resp.headers.Set("Content-Type", yaml ? "application/yaml" : "application/json");
  resp.headers.Set("Cache-Control", "no-cache, private");
  if (error.retry_after_seconds > 0) {
    resp.headers.Set("Retry-After", std::to_string(error.retry_after_seconds));
  }
  resp.body = error.ToJson();
  if (yaml) resp.body = JsonToYaml(nlohmann::json::parse(resp.body, nullptr, false));
  responder.Respond(std::move(resp));
}

namespace {

bool PlainSafe(const std::string& s) {
  if (s.empty() ||
      !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_' || s[0] == '/')) {
    return false;
  }
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '/' &&
        c != '-') {
      return false;
    }
  }
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}) {
    if (lower == word) return false;
  }
  return true;
}

void EmitString(YAML::Emitter& out, const std::string& s) {
  if (PlainSafe(s)) {
    out << s;
  } else {
    out << YAML::DoubleQuoted << s;
  }
}

void Emit(YAML::Emitter& out, const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::object:
      if (v.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [k, item] : v.items()) {
        out << YAML::Key;
        EmitString(out, k);
        out << YAML::Value;
        Emit(out, item);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array:
      if (v.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : v) Emit(out, item);
      out << YAML::EndSeq;
      break;
    case nlohmann::json::value_t::string:
      EmitString(out, v.get<std::string>());
      break;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      out << YAML::Null;
      break;
    default:  // Numbers and booleans as JSON writes them.
      out << v.dump();
      break;
  }
}

}  // namespace

std::string JsonToYaml(const nlohmann::json& value) {
  YAML::Emitter out;
  Emit(out, value);
  return std::string(out.c_str()) + "\n";
}

net::HttpResponse RejectResponse(int status, std::string_view reason, size_t max_body_bytes) {
  am::ApiError error = status == 413
                           ? am::RequestEntityTooLarge(base::StrCat("limit is ", max_body_bytes))
                           : am::BadRequest(reason);
  error.code = status;
  net::HttpResponse resp;
  resp.status = status;
  resp.headers.Set("Content-Type", "application/json");
  resp.headers.Set("Cache-Control", "no-cache, private");
  resp.body = error.ToJson();
  return resp;
}

am::ApiError InternalToApiError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      return am::ServiceUnavailable(base::ToStd(status.message()));
    case absl::StatusCode::kDeadlineExceeded: {
      am::ApiError e = am::Timeout(base::ToStd(status.message()));
      // upstream's NewTooLargeResourceVersionError: the cause client-go's
      // reflector looks for before it relists, and a retry after 1 s.
      if (absl::StartsWith(status.message(), "Too large resource version")) {
        e.causes.push_back({"ResourceVersionTooLarge", "Too large resource version", ""});
        e.retry_after_seconds = 1;
      }
      return e;
    }
    case absl::StatusCode::kOutOfRange:
      return am::Expired(base::ToStd(status.message()));
    case absl::StatusCode::kInvalidArgument:
      return am::BadRequest(base::ToStd(status.message()));
    default:
      return am::InternalError(base::ToStd(status.message()));
  }
}

std::optional<std::string> Query(const net::HttpRequest& request, const std::string& key) {
  auto it = request.query.find(key);
  if (it == request.query.end()) return std::nullopt;
  return it->second;
}

std::optional<bool> QueryBool(const net::HttpRequest& request, const std::string& key) {
  auto v = Query(request, key);
  if (!v) return std::nullopt;
  return !(*v == "0" || absl::EqualsIgnoreCase(*v, "false"));
}

bool QueryTrue(const net::HttpRequest& request, const std::string& key) {
  return QueryBool(request, key).value_or(false);
}

absl::StatusOr<std::optional<int64_t>> QueryInt(const net::HttpRequest& request,
                                                const std::string& key) {
  auto v = Query(request, key);
  if (!v || v->empty()) return std::optional<int64_t>();
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size()) {
    return absl::InvalidArgumentError(
        base::StrCat("invalid value for query parameter ", key, ": \"", *v, "\""));
  }
  return std::optional<int64_t>(out);
}

bool NestsDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

absl::StatusOr<nlohmann::json> DecodeBody(const net::HttpRequest& request, am::ApiError* error,
                                          const api::Registry* registry) {
  std::string type = request.headers.Get("Content-Type").value_or("application/json");
  std::string base = type.substr(0, type.find(';'));
  base = Trim(base);
  if (request.body.empty()) {
    *error = am::BadRequest("the body of the request was in an unknown format");
    return absl::InvalidArgumentError("empty body");
  }
  nlohmann::json out;
  if (base == "application/yaml") {
    try {
      out = YamlToJson(YAML::Load(request.body));
    } catch (const YAML::Exception& e) {
      *error = am::BadRequest(base::StrCat("error converting YAML to JSON: ", e.what()));
      return absl::InvalidArgumentError("bad yaml");
    }
  } else if (base == "application/json" || base.empty() || base == "*/*" ||
             base == "application/merge-patch+json" || base == "application/json-patch+json" ||
             base == "application/strategic-merge-patch+json") {
    out = nlohmann::json::parse(request.body, nullptr, false);
    if (out.is_discarded()) {
      // Upstream wording for a body that is not JSON.
      *error = am::BadRequest(
          "the object provided is unrecognized (must be of type JSON): invalid character in "
          "request body");
      return absl::InvalidArgumentError("bad json");
    }
  } else if (base == api::kProtobufContentType && registry != nullptr) {
    auto text = api::ProtobufToJson(*registry, request.body);
    if (!text.ok()) {
      *error = am::BadRequest(
          base::StrCat("the object provided is unrecognized: ", text.status().message()));
      return text.status();
    }
    out = nlohmann::json::parse(*text, nullptr, false);
    if (out.is_discarded()) {
      *error = am::InternalError("decoding the protobuf body produced invalid JSON");
      return absl::InternalError("bad protobuf conversion");
    }
  } else {
    *error = am::UnsupportedMediaType(type);
    return absl::InvalidArgumentError("unsupported media type");
  }
  return out;
}

std::string Rfc3339(std::chrono::system_clock::time_point t) { return base::FormatRfc3339(t); }

std::string NowRfc3339() { return Rfc3339(std::chrono::system_clock::now()); }

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view s) {
  std::tm tm{};
  std::string str(s);
  const char* end = strptime(str.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string NewUid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string RandomNameSuffix() {
  static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  thread_local std::mt19937 rng{std::random_device{}()};
  std::string out;
  for (int i = 0; i < 5; ++i) out += kAlphabet[rng() % kAlphabet.size()];
  return out;
}

}  // namespace wisp::apiserver
