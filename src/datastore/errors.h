// File: src/datastore/errors.h
//
// etcd's client-visible errors, as absl::Status values carrying etcd's exact
// gRPC code and message (clients match on the message text). The one mapping
// to grpc::Status lives in grpc_util.h.
#pragma once

#include "absl/status/status.h"

namespace wisp::datastore {

absl::Status ErrEmptyKey();          // "etcdserver: key is not provided"
absl::Status ErrKeyNotFound();       // "etcdserver: key not found"
absl::Status ErrValueProvided();     // "etcdserver: value is provided"
absl::Status ErrLeaseProvided();     // "etcdserver: lease is provided"
absl::Status ErrTooManyOps();        // "etcdserver: too many operations in txn request"
absl::Status ErrDuplicateKey();      // "etcdserver: duplicate key given in txn request"
absl::Status ErrCompacted();         // "etcdserver: mvcc: required revision has been compacted"
absl::Status ErrFutureRev();         // "etcdserver: mvcc: required revision is a future revision"
absl::Status ErrLeaseNotFound();     // "etcdserver: requested lease not found"
absl::Status ErrLeaseExist();        // "etcdserver: lease already exists"
absl::Status ErrLeaseTTLTooLarge();  // "etcdserver: too large lease TTL"
absl::Status ErrStopped();           // "etcdserver: server stopped"
absl::Status ErrUserNotFound();      // "etcdserver: user name not found"
absl::Status ErrRoleNotFound();      // "etcdserver: role name not found"
absl::Status ErrAuthNotEnabled();    // "etcdserver: authentication is not enabled"
absl::Status ErrRootUserNotExist();  // "etcdserver: root user does not exist"
absl::Status ErrMemberNotFound();    // "etcdserver: member not found"
absl::Status ErrBadLeaderTransferee();      // "etcdserver: bad leader transferee"
absl::Status ErrNotEnoughStartedMembers();  // "...re-configuration failed due to not
                                            // enough started members"

}  // namespace wisp::datastore
