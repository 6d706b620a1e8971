#include "datastore/mvcc.h"

#include <algorithm>

namespace wisp::datastore {

const KeyVersion* MvccIndex::At(const std::vector<KeyVersion>& versions, int64_t rev) {
  auto it = std::upper_bound(versions.begin(), versions.end(), rev,
                             [](int64_t r, const KeyVersion& v) { return r < v.mod_rev; });
  if (it == versions.begin()) return nullptr;
  return &*std::prev(it);
}

std::map<std::string, std::vector<KeyVersion>>::const_iterator MvccIndex::RangeBegin(
    const std::string& key) const {
  return keys_.lower_bound(key);
}

bool MvccIndex::PastEnd(const std::string& candidate, const std::string& key,
                        const std::string& end) {
  if (end.empty()) return candidate != key;
  if (end == std::string(1, '\0')) return false;
  return candidate >= end;
}

const KeyVersion* MvccIndex::Get(const std::string& key, int64_t rev) const {
  auto it = keys_.find(key);
  if (it == keys_.end()) return nullptr;
  const KeyVersion* kv = At(it->second, rev);
  if (kv == nullptr || kv->tombstone) return nullptr;
  return kv;
}

void MvccIndex::ForEach(
    const std::string& key, const std::string& end, int64_t rev,
    const std::function<bool(const std::string&, const KeyVersion&)>& fn) const {
  for (auto it = RangeBegin(key); it != keys_.end() && !PastEnd(it->first, key, end); ++it) {
    const KeyVersion* kv = At(it->second, rev);
    if (kv == nullptr || kv->tombstone) continue;
    if (!fn(it->first, *kv)) return;
  }
}

int64_t MvccIndex::Count(const std::string& key, const std::string& end, int64_t rev) const {
  int64_t n = 0;
  ForEach(key, end, rev, [&n](const std::string&, const KeyVersion&) {
    ++n;
    return true;
  });
  return n;
}

void MvccIndex::ForEachVersion(
    const std::function<void(const std::string&, const KeyVersion&)>& fn) const {
  for (const auto& [key, versions] : keys_) {
    for (const KeyVersion& kv : versions) fn(key, kv);
  }
}

void MvccIndex::Append(const std::string& key, KeyVersion kv) {
  std::vector<KeyVersion>& versions = keys_[key];
  if (!versions.empty() && versions.back().mod_rev == kv.mod_rev) {
    versions.back() = std::move(kv);  // A second write in one revision replaces the first.
    return;
  }
  versions.push_back(std::move(kv));
  ++version_count_;
}

std::vector<mvccpb::Event> MvccIndex::History(const std::string& key, const std::string& end,
                                              int64_t from_rev, int64_t to_rev,
                                              bool with_prev) const {
  struct Item {
    int64_t rev, sub;
    mvccpb::Event event;
  };
  std::vector<Item> items;
  for (auto it = RangeBegin(key); it != keys_.end() && !PastEnd(it->first, key, end); ++it) {
    const std::vector<KeyVersion>& versions = it->second;
    for (size_t i = 0; i < versions.size(); ++i) {
      const KeyVersion& v = versions[i];
      if (v.mod_rev < from_rev || v.mod_rev > to_rev) continue;
      Item item{v.mod_rev, v.sub, {}};
      if (v.tombstone) {
        item.event.set_type(mvccpb::Event::DELETE);
        item.event.mutable_kv()->set_key(it->first);
        item.event.mutable_kv()->set_mod_revision(v.mod_rev);
      } else {
        item.event.set_type(mvccpb::Event::PUT);
        ToProto(it->first, v, item.event.mutable_kv());
      }
      if (with_prev && i > 0 && !versions[i - 1].tombstone) {
        ToProto(it->first, versions[i - 1], item.event.mutable_prev_kv());
      }
      items.push_back(std::move(item));
    }
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.rev != b.rev ? a.rev < b.rev : a.sub < b.sub;
  });
  std::vector<mvccpb::Event> events;
  events.reserve(items.size());
  for (Item& item : items) events.push_back(std::move(item.event));
  return events;
}

std::vector<int64_t> MvccIndex::Compact(int64_t rev) {
  std::vector<int64_t> removed;
  for (auto it = keys_.begin(); it != keys_.end();) {
    std::vector<KeyVersion>& versions = it->second;
    // Index of the newest version <= rev; everything before it goes.
    size_t keep_from = 0;
    while (keep_from + 1 < versions.size() && versions[keep_from + 1].mod_rev <= rev) ++keep_from;
    if (versions[keep_from].mod_rev > rev)
      keep_from = 0;  // Nothing old enough.
    else if (versions[keep_from].tombstone)
      ++keep_from;  // A deletion needs no witness.
    for (size_t i = 0; i < keep_from; ++i) removed.push_back(RowId(versions[i]));
    versions.erase(versions.begin(), versions.begin() + static_cast<ptrdiff_t>(keep_from));
    version_count_ -= static_cast<int64_t>(keep_from);
    it = versions.empty() ? keys_.erase(it) : std::next(it);
  }
  compact_rev_ = rev;
  return removed;
}

void MvccIndex::ToProto(const std::string& key, const KeyVersion& kv, mvccpb::KeyValue* out) {
  out->set_key(key);
  out->set_create_revision(kv.create_rev);
  out->set_mod_revision(kv.mod_rev);
  out->set_version(kv.version);
  out->set_value(kv.value);
  out->set_lease(kv.lease);
}

}  // namespace wisp::datastore
