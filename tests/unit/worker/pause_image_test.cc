#include "wisp/worker/pause_image.h"

#include <gtest/gtest.h>

#include <cstring>

#include <nlohmann/json.hpp>

#include "unit/worker/tar_reader.h"
#include "wisp/worker/oci_image.h"

namespace wisp::worker {
namespace {

TEST(PauseImageTest, EmbeddedBinaryIsASmallStaticElf) {
  std::string_view bin = PauseBinary();
  ASSERT_GT(bin.size(), 64u);
  EXPECT_EQ(bin.substr(0, 4), std::string_view("\x7f"
                                               "ELF",
                                               4));
  EXPECT_LT(bin.size(), 2u << 20) << "the pause program should stay small";
  // A statically linked executable has no PT_INTERP program header (no
  // dynamic loader). Checked for ELF64 builds.
  if (bin[4] == 2) {
    uint64_t phoff = 0;
    uint16_t phentsize = 0, phnum = 0;
    std::memcpy(&phoff, bin.data() + 32, 8);
    std::memcpy(&phentsize, bin.data() + 54, 2);
    std::memcpy(&phnum, bin.data() + 56, 2);
    ASSERT_GT(phnum, 0);
    ASSERT_LE(phoff + uint64_t{phentsize} * phnum, bin.size());
    for (uint16_t i = 0; i < phnum; ++i) {
      uint32_t type = 0;
      std::memcpy(&type, bin.data() + phoff + uint64_t{phentsize} * i, 4);
      EXPECT_NE(type, 3u) << "program header " << i << " is PT_INTERP: not static";
    }
  }
}

TEST(PauseImageTest, NameIsTaggedWithTheBinaryDigest) {
  std::string name = PauseImageName();
  EXPECT_EQ(name, "localhost/wisp/pause:" + Sha256Hex(std::string(PauseBinary())).substr(0, 12));
}

TEST(PauseImageTest, ArchiveRunsPauseAsEntrypoint) {
  auto archive = PauseImageArchive();
  ASSERT_TRUE(archive.ok()) << archive.status();
  std::string error;
  auto entries = testing::ReadTar(*archive, &error);
  ASSERT_EQ(error, "");
  auto index = nlohmann::json::parse(entries["index.json"].data);
  EXPECT_EQ(index["manifests"][0]["annotations"]["io.containerd.image.name"], PauseImageName());
  std::string manifest_digest = index["manifests"][0]["digest"];
  auto manifest = nlohmann::json::parse(entries["blobs/sha256/" + manifest_digest.substr(7)].data);
  std::string config_digest = manifest["config"]["digest"];
  auto config = nlohmann::json::parse(entries["blobs/sha256/" + config_digest.substr(7)].data);
  EXPECT_EQ(config["config"]["Entrypoint"], nlohmann::json({"/pause"}));
  EXPECT_EQ(config["architecture"], HostOciArchitecture());
}

}  // namespace
}  // namespace wisp::worker
