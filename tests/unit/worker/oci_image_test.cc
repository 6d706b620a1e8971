#include "wisp/worker/oci_image.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "unit/worker/tar_reader.h"

namespace wisp::worker {
namespace {

using Json = nlohmann::json;

std::string Blob(std::map<std::string, testing::TarEntry>& entries, const std::string& digest) {
  EXPECT_EQ(digest.rfind("sha256:", 0), 0u) << digest;
  std::string path = "blobs/sha256/" + digest.substr(7);
  EXPECT_EQ(entries.count(path), 1u) << path;
  return entries[path].data;
}

TEST(OciImageTest, Sha256HexOfKnownInput) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(OciImageTest, ArchiveIsAConsistentImageLayout) {
  OciImage image;
  image.name = "docker.io/library/busybox:test";
  image.files = {{"bin/busybox", "ELF...", 0755, false}, {"bin/sh", "busybox", 0777, true}};
  image.entrypoint = {"/bin/sh"};
  image.architecture = "arm64";
  auto archive = BuildOciArchive(image);
  ASSERT_TRUE(archive.ok()) << archive.status();
  std::string error;
  auto entries = testing::ReadTar(*archive, &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(Json::parse(entries["oci-layout"].data)["imageLayoutVersion"], "1.0.0");

  Json index = Json::parse(entries["index.json"].data);
  ASSERT_EQ(index["manifests"].size(), 1u);
  const Json& desc = index["manifests"][0];
  EXPECT_EQ(desc["annotations"]["io.containerd.image.name"], image.name);
  EXPECT_EQ(desc["annotations"]["org.opencontainers.image.ref.name"], "test");
  std::string manifest_blob = Blob(entries, desc["digest"]);
  EXPECT_EQ(desc["size"].get<size_t>(), manifest_blob.size());
  EXPECT_EQ(desc["digest"], "sha256:" + Sha256Hex(manifest_blob));

  Json manifest = Json::parse(manifest_blob);
  EXPECT_EQ(manifest["schemaVersion"], 2);
  Json config = Json::parse(Blob(entries, manifest["config"]["digest"]));
  EXPECT_EQ(config["architecture"], "arm64");
  EXPECT_EQ(config["os"], "linux");
  EXPECT_EQ(config["config"]["Entrypoint"], Json({"/bin/sh"}));
  ASSERT_EQ(manifest["layers"].size(), 1u);
  std::string layer = Blob(entries, manifest["layers"][0]["digest"]);
  EXPECT_EQ(config["rootfs"]["diff_ids"][0], "sha256:" + Sha256Hex(layer));

  auto files = testing::ReadTar(layer, &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(files["bin/"].type, '5');
  EXPECT_EQ(files["bin/busybox"].data, "ELF...");
  EXPECT_EQ(files["bin/busybox"].mode, 0755);
  EXPECT_EQ(files["bin/sh"].link, "busybox");
}

TEST(OciImageTest, SameInputSameBytes) {
  OciImage image;
  image.name = "x/y:1";
  image.files = {{"f", "data", 0644, false}};
  auto a = BuildOciArchive(image);
  auto b = BuildOciArchive(image);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(OciImageTest, RejectsBadNamesAndPaths) {
  OciImage image;
  EXPECT_EQ(BuildOciArchive(image).status().code(), absl::StatusCode::kInvalidArgument);
  image.name = "x/y:1";
  image.files = {{"/etc/passwd", "x", 0644, false}};
  auto st = BuildOciArchive(image).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("/etc/passwd"), absl::string_view::npos);
  image.files = {{"a/../../b", "x", 0644, false}};
  EXPECT_FALSE(BuildOciArchive(image).ok());
}

}  // namespace
}  // namespace wisp::worker
