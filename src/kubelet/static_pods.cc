// File: src/kubelet/static_pods.cc
#include "kubelet/static_pods.h"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "kubelet/pod_parse.h"
#include "kubelet/yaml_json.h"
#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::kubelet {

namespace fs = std::filesystem;

std::string StaticPodUid(const std::string& content, const std::string& node_name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  std::string input = content;
  input.push_back('\0');
  input += node_name;
  EVP_Digest(input.data(), input.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 16 && i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

absl::StatusOr<StaticPods> ReadStaticPods(const std::string& dir, const std::string& node_name) {
  StaticPods out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::string ext = it->path().extension().string();
    if (name.empty() || name[0] == '.') continue;
    if (ext != ".yaml" && ext != ".yml" && ext != ".json") continue;
    if (!it->is_regular_file(ec)) continue;
    files.push_back(it->path().string());
  }
  if (ec) return absl::UnavailableError(base::StrCat("read ", dir, ": ", ec.message()));
  std::sort(files.begin(), files.end());
  std::set<std::string> seen;
  for (const std::string& file : files) {
    absl::StatusOr<std::string> content = base::ReadFile(file);
    if (!content.ok()) {
      out.errors.push_back(base::StrCat(file, ": ", base::ToStd(content.status().message())));
      continue;
    }
    absl::StatusOr<nlohmann::json> obj = YamlToJson(*content);
    if (!obj.ok()) {
      out.errors.push_back(base::StrCat(file, ": ", base::ToStd(obj.status().message())));
      continue;
    }
    absl::StatusOr<Pod> pod =
        ParsePod(*std::move(obj), node_name, StaticPodUid(*content, node_name));
    if (!pod.ok()) {
      out.errors.push_back(base::StrCat(file, ": ", base::ToStd(pod.status().message())));
      continue;
    }
    std::string key = pod->namespace_ + "/" + pod->name;
    if (!seen.insert(key).second) {
      out.errors.push_back(base::StrCat(file, ": pod ", key, " is already defined"));
      continue;
    }
    pod->source_file = file;
    out.pods.push_back(*std::move(pod));
  }
  return out;
}

}  // namespace wisp::kubelet
