// File: src/worker/oci_image.cc
#include "wisp/worker/oci_image.h"

#include <openssl/sha.h>

#include <nlohmann/json.hpp>
#include <set>

#include "wisp/base/strings.h"
#include "worker/tar_writer.h"

namespace wisp::worker {
namespace {

constexpr char kManifestType[] = "application/vnd.oci.image.manifest.v1+json";
constexpr char kConfigType[] = "application/vnd.oci.image.config.v1+json";
constexpr char kLayerType[] = "application/vnd.oci.image.layer.v1.tar";

absl::Status CheckPath(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos) {
    return absl::InvalidArgumentError(
        base::StrCat("image file path \"", path, "\" must be relative without \"..\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> BuildLayer(const std::vector<OciFile>& files) {
  TarWriter tar;
  std::set<std::string> dirs;
  for (const OciFile& f : files) {
    if (absl::Status st = CheckPath(f.path); !st.ok()) return st;
    for (size_t slash = f.path.find('/'); slash != std::string::npos;
         slash = f.path.find('/', slash + 1)) {
      std::string dir = f.path.substr(0, slash);
      if (dirs.insert(dir).second) {
        if (absl::Status st = tar.AddDirectory(dir); !st.ok()) return st;
      }
    }
    absl::Status st =
        f.symlink ? tar.AddSymlink(f.path, f.data) : tar.AddFile(f.path, f.data, f.mode);
    if (!st.ok()) return st;
  }
  return tar.Finish();
}

nlohmann::json Descriptor(const char* type, const std::string& blob) {
  return {{"mediaType", type}, {"digest", "sha256:" + Sha256Hex(blob)}, {"size", blob.size()}};
}

}  // namespace

std::string HostOciArchitecture() {
#if defined(__x86_64__)
  return "amd64";
#elif defined(__aarch64__)
  return "arm64";
#elif defined(__arm__)
  return "arm";
#else
  return "unknown";
#endif
}

std::string Sha256Hex(const std::string& data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : md) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

absl::StatusOr<std::string> BuildOciArchive(const OciImage& image) {
  if (image.name.empty()) return absl::InvalidArgumentError("image name is empty");
  absl::StatusOr<std::string> layer = BuildLayer(image.files);
  if (!layer.ok()) return layer.status();

  nlohmann::json runtime_config = {{"Env", image.env}};
  if (!image.entrypoint.empty()) runtime_config["Entrypoint"] = image.entrypoint;
  if (!image.cmd.empty()) runtime_config["Cmd"] = image.cmd;
  nlohmann::json config = {
      {"architecture", image.architecture.empty() ? HostOciArchitecture() : image.architecture},
      {"os", "linux"},
      {"config", runtime_config},
      {"rootfs", {{"type", "layers"}, {"diff_ids", {"sha256:" + Sha256Hex(*layer)}}}}};
  if (config["architecture"] == "arm") config["variant"] = "v7";
  std::string config_blob = config.dump();

  nlohmann::json manifest = {{"schemaVersion", 2},
                             {"mediaType", kManifestType},
                             {"config", Descriptor(kConfigType, config_blob)},
                             {"layers", {Descriptor(kLayerType, *layer)}}};
  std::string manifest_blob = manifest.dump();

  std::string tag = image.name.substr(image.name.find_last_of(":/") + 1);
  nlohmann::json manifest_desc = Descriptor(kManifestType, manifest_blob);
  manifest_desc["annotations"] = {{"io.containerd.image.name", image.name},
                                  {"org.opencontainers.image.ref.name", tag}};
  nlohmann::json index = {{"schemaVersion", 2}, {"manifests", {manifest_desc}}};

  TarWriter tar;
  for (absl::Status st : {tar.AddFile("oci-layout", R"({"imageLayoutVersion":"1.0.0"})", 0644),
                          tar.AddFile("index.json", index.dump(), 0644), tar.AddDirectory("blobs"),
                          tar.AddDirectory("blobs/sha256")}) {
    if (!st.ok()) return st;
  }
  for (const std::string* blob : {&*layer, &config_blob, &manifest_blob}) {
    if (absl::Status st = tar.AddFile("blobs/sha256/" + Sha256Hex(*blob), *blob, 0644); !st.ok()) {
      return st;
    }
  }
  return tar.Finish();
}

}  // namespace wisp::worker
