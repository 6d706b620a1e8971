#include <openssl/evp.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "datastore/errors.h"
#include "datastore/services.h"
#include "wisp/base/strings.h"

namespace wisp::datastore {

grpc::Status MaintenanceService::Alarm(grpc::ServerContext*, const etcdserverpb::AlarmRequest*,
                                       etcdserverpb::AlarmResponse* resp) {
  // wisp raises no alarms: there is no quota and no raft corruption check.
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status MaintenanceService::Status(grpc::ServerContext*, const etcdserverpb::StatusRequest*,
                                        etcdserverpb::StatusResponse* resp) {
  FillHeader(id_, store_, resp->mutable_header());
  auto [size, in_use] = store_.DbSizes();
  resp->set_version(kEtcdVersion);
  resp->set_dbsize(size);
  resp->set_dbsizeinuse(in_use);
  resp->set_leader(id_.member_id);
  // No raft: the revision stands in for the applied log index.
  uint64_t index = static_cast<uint64_t>(resp->header().revision());
  resp->set_raftindex(index);
  resp->set_raftappliedindex(index);
  resp->set_raftterm(2);
  if (absl::Status h = store_.Healthy(); !h.ok()) {
    resp->add_errors(std::string(base::ToStd(h.message())));
  }
  return grpc::Status::OK;
}

grpc::Status MaintenanceService::Defragment(grpc::ServerContext*,
                                            const etcdserverpb::DefragmentRequest*,
                                            etcdserverpb::DefragmentResponse* resp) {
  if (absl::Status s = store_.Defragment(); !s.ok()) return ToGrpc(s);
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

grpc::Status MaintenanceService::HashKV(grpc::ServerContext*,
                                        const etcdserverpb::HashKVRequest* req,
                                        etcdserverpb::HashKVResponse* resp) {
  if (absl::Status s = store_.HashKV(req->revision(), resp); !s.ok()) return ToGrpc(s);
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

// etcd hashes its whole bbolt file here, which has no counterpart in SQLite;
// wisp answers with the HashKV of the current revision, which covers the
// same keys and history (it changes exactly when the data does).
grpc::Status MaintenanceService::Hash(grpc::ServerContext*, const etcdserverpb::HashRequest*,
                                      etcdserverpb::HashResponse* resp) {
  etcdserverpb::HashKVResponse kv;
  if (absl::Status s = store_.HashKV(0, &kv); !s.ok()) return ToGrpc(s);
  *resp->mutable_header() = kv.header();
  resp->set_hash(kv.hash());
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

// A snapshot is the bbolt file etcd would have sent for the same store
// (snapshot.h), read from one consistent committed state while writes go
// on, and followed, as etcd's are, by the SHA-256 of its bytes.
grpc::Status MaintenanceService::Snapshot(grpc::ServerContext* ctx,
                                          const etcdserverpb::SnapshotRequest*,
                                          grpc::ServerWriter<etcdserverpb::SnapshotResponse>* w) {
  const std::string tmp = base::StrCat(id_.data_dir, "/", kSnapshotTempPrefix, getpid(), "-",
                                       reinterpret_cast<uintptr_t>(ctx), ".bolt");
  if (absl::Status made = store_.Snapshot(tmp); !made.ok()) {
    std::remove(tmp.c_str());
    return ToGrpc(made);
  }
  std::ifstream in(tmp, std::ios::binary | std::ios::ate);
  std::remove(tmp.c_str());  // Open, it stays readable; no stray file if we die mid-stream.
  const uint64_t file_size = static_cast<uint64_t>(in.tellg());
  uint64_t remaining = file_size + SHA256_DIGEST_LENGTH;
  in.seekg(0);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> sha(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr);
  grpc::Status result = grpc::Status::OK;
  std::string buf(32 * 1024, '\0');
  etcdserverpb::SnapshotResponse resp;
  FillHeader(id_, store_, resp.mutable_header());
  do {
    size_t n =
        static_cast<size_t>(std::min<uint64_t>(remaining - SHA256_DIGEST_LENGTH, buf.size()));
    if (n > 0 && !in.read(buf.data(), static_cast<std::streamsize>(n))) {
      result = grpc::Status(grpc::StatusCode::INTERNAL, "reading snapshot file failed");
      break;
    }
    EVP_DigestUpdate(sha.get(), buf.data(), n);
    if (n == 0) {  // The file is sent; the trailer follows.
      n = SHA256_DIGEST_LENGTH;
      EVP_DigestFinal_ex(sha.get(), reinterpret_cast<unsigned char*>(buf.data()), nullptr);
    }
    remaining -= n;
    resp.set_remaining_bytes(remaining);
    resp.set_blob(buf.data(), n);
    if (!w->Write(resp)) break;
  } while (remaining > 0);
  return result;
}

// One member, always the leader: moving leadership to itself is a no-op,
// anywhere else there is no one to take it.
grpc::Status MaintenanceService::MoveLeader(grpc::ServerContext*,
                                            const etcdserverpb::MoveLeaderRequest* req,
                                            etcdserverpb::MoveLeaderResponse* resp) {
  if (req->targetid() != id_.member_id) return ToGrpc(ErrBadLeaderTransferee());
  FillHeader(id_, store_, resp->mutable_header());
  return grpc::Status::OK;
}

}  // namespace wisp::datastore
