#include "datastore/bolt.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "wisp/base/files.h"
#include "wisp/base/strings.h"

namespace wisp::datastore::bolt {
namespace {

constexpr uint32_t kMagic = 0xED0CDAED;
constexpr uint32_t kVersion = 2;
constexpr uint16_t kBranchPage = 0x01;
constexpr uint16_t kLeafPage = 0x02;
constexpr uint16_t kMetaPage = 0x04;
constexpr uint16_t kFreelistPage = 0x10;
constexpr uint32_t kBucketLeaf = 0x01;
constexpr size_t kPageHeader = 16;    // id u64, flags u16, count u16, overflow u32.
constexpr size_t kElement = 16;       // Leaf and branch elements are both 16 bytes.
constexpr size_t kBucketHeader = 16;  // root pgid u64, sequence u64.
constexpr size_t kMetaChecked = 56;   // Meta bytes covered by its checksum.
constexpr uint64_t kFreelistPgid = 2;
constexpr int kMaxDepth = 64;

void Put16(std::string& b, size_t at, uint16_t v) { memcpy(&b[at], &v, 2); }
void Put32(std::string& b, size_t at, uint32_t v) { memcpy(&b[at], &v, 4); }
void Put64(std::string& b, size_t at, uint64_t v) { memcpy(&b[at], &v, 8); }
uint16_t Get16(const char* p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}
uint32_t Get32(const char* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
uint64_t Get64(const char* p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

uint64_t Fnv64a(const char* p, size_t n) {
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(p[i]);
    h *= 1099511628211ULL;
  }
  return h;
}

// A page header at the start of `b`.
std::string PageHeader(uint64_t pgid, uint16_t flags, uint16_t count, uint32_t overflow) {
  std::string b(kPageHeader, '\0');
  Put64(b, 0, pgid);
  Put16(b, 8, flags);
  Put16(b, 10, count);
  Put32(b, 12, overflow);
  return b;
}

std::string MetaPage(uint64_t pgid, uint64_t txid, uint64_t root, uint64_t high_water) {
  std::string b = PageHeader(pgid, kMetaPage, 0, 0);
  std::string m(64, '\0');
  Put32(m, 0, kMagic);
  Put32(m, 4, kVersion);
  Put32(m, 8, kPageSize);
  Put32(m, 12, 0);  // flags
  Put64(m, 16, root);
  Put64(m, 24, 0);  // root sequence
  Put64(m, 32, kFreelistPgid);
  Put64(m, 40, high_water);
  Put64(m, 48, txid);
  Put64(m, 56, Fnv64a(m.data(), kMetaChecked));
  b += m;
  b.resize(kPageSize, '\0');
  return b;
}

absl::Status Corrupt(const std::string& what) {
  return absl::DataLossError(base::StrCat("bolt: ", what));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Writer>> Writer::Create(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return base::ErrnoStatus(base::StrCat("creating ", path));
  return std::unique_ptr<Writer>(new Writer(path, fd));
}

Writer::~Writer() {
  if (fd_ >= 0) close(fd_);
}

absl::Status Writer::WriteAt(uint64_t pgid, const std::string& bytes) {
  size_t done = 0;
  const off_t base = static_cast<off_t>(pgid * kPageSize);
  while (done < bytes.size()) {
    ssize_t n =
        pwrite(fd_, bytes.data() + done, bytes.size() - done, base + static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return base::ErrnoStatus(base::StrCat("writing ", path_));
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Writer::WritePage(uint16_t flags, const std::vector<Element>& elems) {
  const bool leaf = flags == kLeafPage;
  size_t size = kPageHeader + elems.size() * kElement;
  for (const Element& e : elems) size += e.key.size() + e.value.size();
  const uint64_t pages = (size + kPageSize - 1) / kPageSize;
  const uint64_t pgid = next_pgid_;
  std::string b = PageHeader(pgid, flags, static_cast<uint16_t>(elems.size()),
                             static_cast<uint32_t>(pages - 1));
  b.resize(pages * kPageSize, '\0');
  size_t data = kPageHeader + elems.size() * kElement;
  for (size_t i = 0; i < elems.size(); ++i) {
    const Element& e = elems[i];
    const size_t at = kPageHeader + i * kElement;
    const auto pos = static_cast<uint32_t>(data - at);  // Relative to the element.
    if (leaf) {
      Put32(b, at, e.flags);
      Put32(b, at + 4, pos);
      Put32(b, at + 8, static_cast<uint32_t>(e.key.size()));
      Put32(b, at + 12, static_cast<uint32_t>(e.value.size()));
    } else {
      Put32(b, at, pos);
      Put32(b, at + 4, static_cast<uint32_t>(e.key.size()));
      Put64(b, at + 8, e.child);
    }
    memcpy(&b[data], e.key.data(), e.key.size());
    data += e.key.size();
    if (!e.value.empty()) memcpy(&b[data], e.value.data(), e.value.size());
    data += e.value.size();
  }
  if (auto s = WriteAt(pgid, b); !s.ok()) return s;
  next_pgid_ += pages;
  return pgid;
}

absl::Status Writer::Flush(size_t depth) {
  Level& level = levels_[depth];
  auto pgid = WritePage(depth == 0 ? kLeafPage : kBranchPage, level.elems);
  if (!pgid.ok()) return pgid.status();
  Element up{std::move(level.elems.front().key), {}, *pgid, 0};
  levels_[depth] = Level{};
  return Add(depth + 1, std::move(up));
}

absl::Status Writer::Add(size_t depth, Element e) {
  if (levels_.size() <= depth) levels_.resize(depth + 1);
  const size_t need = kElement + e.key.size() + e.value.size();
  if (levels_[depth].bytes == 0) levels_[depth].bytes = kPageHeader;
  if (!levels_[depth].elems.empty() && levels_[depth].bytes + need > kPageSize) {
    if (auto s = Flush(depth); !s.ok()) return s;
    levels_[depth].bytes = kPageHeader;
  }
  levels_[depth].bytes += need;
  levels_[depth].elems.push_back(std::move(e));
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Writer::CloseTree() {
  if (levels_.empty()) levels_.resize(1);
  for (size_t depth = 0;; ++depth) {
    if (depth + 1 == levels_.size()) {
      auto root = WritePage(depth == 0 ? kLeafPage : kBranchPage, levels_[depth].elems);
      levels_.clear();
      return root;
    }
    if (auto s = Flush(depth); !s.ok()) return s;
  }
}

absl::Status Writer::BeginBucket(std::string_view name) {
  if (in_bucket_) {
    if (auto s = EndBucket(); !s.ok()) return s;
  }
  if (name.empty()) return absl::InvalidArgumentError("bolt: empty bucket name");
  if (!buckets_.empty() && name <= buckets_.back().key) {
    return absl::InvalidArgumentError(base::StrCat("bolt: bucket ", name, " out of order"));
  }
  bucket_ = std::string(name);
  in_bucket_ = true;
  any_key_ = false;
  return absl::OkStatus();
}

absl::Status Writer::Put(std::string_view key, std::string_view value) {
  if (!in_bucket_) return absl::FailedPreconditionError("bolt: Put outside a bucket");
  if (key.empty()) return absl::InvalidArgumentError("bolt: empty key");
  if (any_key_ && key <= last_key_) {
    return absl::InvalidArgumentError(
        base::StrCat("bolt: keys of bucket ", bucket_, " out of order"));
  }
  last_key_ = std::string(key);
  any_key_ = true;
  return Add(0, Element{std::string(key), std::string(value), 0, 0});
}

absl::Status Writer::EndBucket() {
  auto root = CloseTree();
  if (!root.ok()) return root.status();
  std::string header(kBucketHeader, '\0');
  Put64(header, 0, *root);
  buckets_.push_back(Element{bucket_, std::move(header), 0, kBucketLeaf});
  in_bucket_ = false;
  return absl::OkStatus();
}

absl::Status Writer::Finish() {
  if (in_bucket_) {
    if (auto s = EndBucket(); !s.ok()) return s;
  }
  for (Element& b : buckets_) {
    if (auto s = Add(0, std::move(b)); !s.ok()) return s;
  }
  auto root = CloseTree();
  if (!root.ok()) return root.status();
  std::string freelist = PageHeader(kFreelistPgid, kFreelistPage, 0, 0);
  freelist.resize(kPageSize, '\0');
  for (auto s : {WriteAt(0, MetaPage(0, 0, *root, next_pgid_)),
                 WriteAt(1, MetaPage(1, 1, *root, next_pgid_)), WriteAt(kFreelistPgid, freelist)}) {
    if (!s.ok()) return s;
  }
  if (fsync(fd_) != 0) return base::ErrnoStatus(base::StrCat("fsync ", path_));
  if (close(fd_) != 0) {
    fd_ = -1;
    return base::ErrnoStatus(base::StrCat("closing ", path_));
  }
  fd_ = -1;
  return absl::OkStatus();
}

namespace {

struct Meta {
  uint32_t page_size = 0;
  uint64_t root = 0;
  uint64_t high_water = 0;
  uint64_t txid = 0;
};

// The meta at byte `at` of `data`, if it is intact.
bool ReadMeta(std::string_view data, size_t at, Meta* m) {
  if (data.size() < at + kPageHeader + 64) return false;
  const char* p = data.data() + at;
  if ((Get16(p + 8) & kMetaPage) == 0) return false;
  const char* meta = p + kPageHeader;
  if (Get32(meta) != kMagic || Get32(meta + 4) != kVersion) return false;
  if (Get64(meta + 56) != Fnv64a(meta, kMetaChecked)) return false;
  m->page_size = Get32(meta + 8);
  m->root = Get64(meta + 16);
  m->high_water = Get64(meta + 40);
  m->txid = Get64(meta + 48);
  return m->page_size >= 512 && (m->page_size & (m->page_size - 1)) == 0;
}

class Reader {
 public:
  Reader(std::string_view data, uint32_t page_size) : data_(data), page_size_(page_size) {}

  // Visits the elements of the tree rooted at page `pgid`.
  absl::Status WalkPage(
      uint64_t pgid, int depth,
      const std::function<absl::Status(uint32_t, std::string_view, std::string_view)>& fn) {
    if (pgid < 2 || pgid >= data_.size() / page_size_) {
      return Corrupt(base::StrCat("page ", pgid, " is outside the file"));
    }
    const size_t at = pgid * page_size_;
    if (data_.size() < at + kPageHeader) return Corrupt(base::StrCat("page ", pgid, " truncated"));
    const size_t span = (static_cast<size_t>(Get32(data_.data() + at + 12)) + 1) * page_size_;
    if (data_.size() < at + span) return Corrupt(base::StrCat("page ", pgid, " truncated"));
    return Walk(data_.substr(at, span), depth, fn, base::StrCat("page ", pgid));
  }

  // Visits the elements of the tree whose root page is the bytes `page`.
  absl::Status Walk(
      std::string_view page, int depth,
      const std::function<absl::Status(uint32_t, std::string_view, std::string_view)>& fn,
      const std::string& where) {
    if (depth > kMaxDepth) return Corrupt("tree too deep (a cycle?)");
    if (page.size() < kPageHeader) return Corrupt(where + " truncated");
    const uint16_t flags = Get16(page.data() + 8);
    const uint16_t count = Get16(page.data() + 10);
    if (flags != kLeafPage && flags != kBranchPage) {
      return Corrupt(base::StrCat(where, " has page flags ", flags, ", not a tree page"));
    }
    if (page.size() < kPageHeader + count * kElement) return Corrupt(where + " truncated");
    for (size_t i = 0; i < count; ++i) {
      const size_t at = kPageHeader + i * kElement;
      const char* e = page.data() + at;
      if (flags == kBranchPage) {
        const size_t pos = at + Get32(e);
        const size_t ksize = Get32(e + 4);
        if (pos + ksize > page.size()) return Corrupt(where + " has a key outside it");
        if (auto s = WalkPage(Get64(e + 8), depth + 1, fn); !s.ok()) return s;
        continue;
      }
      const size_t pos = at + Get32(e + 4);
      const size_t ksize = Get32(e + 8);
      const size_t vsize = Get32(e + 12);
      if (pos + ksize + vsize > page.size()) return Corrupt(where + " has a key outside it");
      if (auto s = fn(Get32(e), page.substr(pos, ksize), page.substr(pos + ksize, vsize));
          !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }

  // Visits the keys of the bucket whose header is `value`.
  absl::Status WalkBucket(std::string_view name, std::string_view value, const Visitor& fn) {
    if (value.size() < kBucketHeader) {
      return Corrupt(base::StrCat("bucket ", name, " has a short header"));
    }
    auto leaf = [&](uint32_t flags, std::string_view k, std::string_view v) {
      if (flags & kBucketLeaf) return absl::OkStatus();  // Nested buckets are not used.
      return fn(name, k, v);
    };
    const uint64_t root = Get64(value.data());
    if (root == 0) {  // Inline bucket: its only page follows the header.
      return Walk(value.substr(kBucketHeader), 1, leaf, base::StrCat("bucket ", name));
    }
    return WalkPage(root, 1, leaf);
  }

 private:
  std::string_view data_;
  uint32_t page_size_;
};

}  // namespace

bool LooksLikeBolt(std::string_view data) {
  Meta m;
  return ReadMeta(data, 0, &m) || ReadMeta(data, kPageSize, &m);
}

absl::Status Read(std::string_view data, const Visitor& fn) {
  Meta m0, m1;
  bool ok0 = ReadMeta(data, 0, &m0);
  // The second meta sits one page in; its page size comes from the first.
  bool ok1 = ReadMeta(data, ok0 ? m0.page_size : kPageSize, &m1);
  if (!ok0 && !ok1) return Corrupt("no valid meta page (not a bbolt file)");
  const Meta& m = (ok0 && (!ok1 || m0.txid >= m1.txid)) ? m0 : m1;
  if (data.size() / m.page_size < m.high_water) {
    return Corrupt(base::StrCat("file is truncated: ", data.size(), " bytes, meta says ",
                                m.high_water, " pages of ", m.page_size));
  }
  Reader reader(data, m.page_size);
  return reader.WalkPage(m.root, 0, [&](uint32_t flags, std::string_view k, std::string_view v) {
    if ((flags & kBucketLeaf) == 0) return absl::OkStatus();  // No keys at the top level.
    return reader.WalkBucket(k, v, fn);
  });
}

}  // namespace wisp::datastore::bolt
