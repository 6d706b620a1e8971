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
absl::Status ErrUserNotFound() {
  return absl::FailedPreconditionError("etcdserver: user name not found");
}
absl::Status ErrRoleNotFound() {
  return absl::FailedPreconditionError("etcdserver: role name not found");
}
absl::Status ErrAuthNotEnabled() {
  return absl::FailedPreconditionError("etcdserver: authentication is not enabled");
}
absl::Status ErrRootUserNotExist() {
  return absl::FailedPreconditionError("etcdserver: root user does not exist");
}
absl::Status ErrMemberNotFound() { return absl::NotFoundError("etcdserver: member not found"); }
absl::Status ErrBadLeaderTransferee() {
  return absl::FailedPreconditionError("etcdserver: bad leader transferee");
}
absl::Status ErrNotEnoughStartedMembers() {
  return absl::FailedPreconditionError(
      "etcdserver: re-configuration failed due to not enough started members");
}

}  // namespace wisp::datastore
