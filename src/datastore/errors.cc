#include "datastore/errors.h"

namespace wisp::datastore {

absl::Status ErrEmptyKey() { return absl::InvalidArgumentError("etcdserver: key is not provided"); }
absl::Status ErrKeyNotFound() { return absl::InvalidArgumentError("etcdserver: key not found"); }
absl::Status ErrValueProvided() {
  return absl::InvalidArgumentError("etcdserver: value is provided");
}
absl::Status ErrLeaseProvided() {
  return absl::InvalidArgumentError("etcdserver: lease is provided");
}
absl::Status ErrTooManyOps() {
  return absl::InvalidArgumentError("etcdserver: too many operations in txn request");
}
absl::Status ErrDuplicateKey() {
  return absl::InvalidArgumentError("etcdserver: duplicate key given in txn request");
}
absl::Status ErrCompacted() {
  return absl::OutOfRangeError("etcdserver: mvcc: required revision has been compacted");
}
absl::Status ErrFutureRev() {
  return absl::OutOfRangeError("etcdserver: mvcc: required revision is a future revision");
}
absl::Status ErrLeaseNotFound() {
  return absl::NotFoundError("etcdserver: requested lease not found");
}
absl::Status ErrLeaseExist() {
  return absl::FailedPreconditionError("etcdserver: lease already exists");
}
absl::Status ErrLeaseTTLTooLarge() {
  return absl::OutOfRangeError("etcdserver: too large lease TTL");
}
absl::Status ErrStopped() { return absl::UnavailableError("etcdserver: server stopped"); }

}  // namespace wisp::datastore
