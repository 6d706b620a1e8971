// File: tests/integration/datastore/differential_script.h
//
// The scripted etcdctl session that differential_test.cc runs against real
// etcd and against `wisp datastore`. In each line, `CTL` becomes the etcdctl
// invocation for the server under test and `$D` a scratch directory of its
// own. Lines cover every KV, Watch and Lease RPC etcdctl can express,
// including error cases; outputs are compared after masking ids and times.
#pragma once

#include <string>
#include <vector>

namespace wisp::datastore::testing {

inline const std::vector<std::string>& DifferentialScript() {
  static const std::vector<std::string> kScript = {
      // Empty store.
      "CTL get foo -w json",
      "CTL get '' --prefix --limit=1 -w json",
      // Puts and reads.
      "CTL put foo bar",
      "CTL put foo bar2 --prev-kv",
      "CTL put foo bar3 --prev-kv -w json",
      "CTL get foo -w json",
      "CTL put /a/1 one",
      "CTL put /a/2 two",
      "CTL put /a/3 three",
      "CTL put /b/1 bone",
      "CTL put /b/2 btwo",
      "CTL put /c zzz",
      "CTL get /a --prefix",
      "CTL get /a --prefix -w json",
      "CTL get /a --prefix --keys-only",
      "CTL get /a --prefix --limit=1 -w json",
      "CTL get /a --prefix --limit=2 -w json",
      "CTL get /a/2 --from-key",
      "CTL get /a/2 --from-key --limit=3 -w json",
      "CTL get /a/1 /b/2",
      "CTL get /a/1 /b/2 -w json",
      "CTL get /a --prefix --rev=5",
      "CTL get /a --prefix --rev=6 -w json",
      "CTL get /a --prefix --sort-by=MODIFY --order=DESCEND",
      "CTL get /a --prefix --sort-by=VALUE --order=ASCEND",
      "CTL get /a --prefix --sort-by=KEY --order=DESCEND -w json",
      "CTL get /a --prefix --sort-by=CREATE --order=DESCEND --limit=2 -w json",
      "CTL get / --prefix --sort-by=VALUE --order=DESCEND --keys-only",
      "CTL get foo --print-value-only",
      "CTL get nothing -w json",
      "CTL get '' --from-key --keys-only",
      "CTL get /a --prefix --rev=1000",
      "CTL get foo -w fields",
      // Updates and versions.
      "CTL put /a/1 one-v2",
      "CTL put /a/1 one-v3 -w json",
      "CTL get /a/1 -w json",
      "CTL get /a/1 --rev=7 -w json",
      "CTL put /a/1 --ignore-value -w json",
      "CTL get /a/1 -w json",
      "CTL put /missing --ignore-value",
      "CTL put /a/1 x --ignore-value",
      // Deletes.
      "CTL del /a/3",
      "CTL del /a/3",
      "CTL del /a/2 --prev-kv",
      "CTL del /b --prefix --prev-kv -w json",
      "CTL get / --prefix -w json",
      "CTL put /b/1 reborn -w json",
      "CTL get /b/1 -w json",
      "CTL del /x --prefix -w json",
      "CTL del /a /c -w json",
      "CTL put /a/1 back",
      "CTL put /a/2 back2",
      "CTL del /a/1 --from-key -w json",
      "CTL put /d/1 d1",
      "CTL put /d/2 d2",
      "CTL put /d/3 d3",
      // Transactions.
      "printf 'value(\"/d/1\") = \"d1\"\\n\\nput /d/1 t1\\nget /d/1\\n\\nput /d/2 f2\\n\\n' | CTL "
      "txn",
      "printf 'value(\"/d/1\") = \"d1\"\\n\\nput /d/1 t1\\n\\nput /d/2 f2\\nget /d --prefix\\n\\n' "
      "| "
      "CTL txn -w json",
      "printf 'mod(\"/d/3\") > \"0\"\\nversion(\"/d/2\") = \"2\"\\n\\ndel /d/3\\nput /d/4 "
      "x\\n\\n\\n' "
      "| CTL txn -w json",
      "printf 'create(\"/d/1\") < \"1000\"\\n\\nget /d/1\\n\\n\\n' | CTL txn -w json",
      "printf 'version(\"/nope\") = \"0\"\\n\\nput /nope yes\\n\\n\\n' | CTL txn",
      "printf 'value(\"/nope\") != \"yes\"\\n\\n\\nput /no2 x\\n\\n' | CTL txn -w json",
      "printf 'create(\"/d/1\") = \"22\"\\n\\nget /d/1 --keys-only\\n\\n\\n' | CTL txn -w json",
      "printf '\\nput /dup 1\\nput /dup 2\\n\\n\\n' | CTL txn",
      "printf '\\nput /e/1 1\\ndel /e --prefix\\n\\n\\n' | CTL txn",
      "printf '\\nput /e/1 1\\nput /e/2 2\\ndel /zz\\n\\n\\n' | CTL txn -w json",
      "printf 'value(\"/e/1\") > \"0\"\\n\\ndel /e --prefix --prev-kv\\n\\n\\n' | CTL txn -w json",
      "printf '\\nget /d/1 --rev=1000\\n\\n\\n' | CTL txn",
      "printf '\\nput \"\" x\\n\\n\\n' | CTL txn",
      "CTL get / --prefix --keys-only",
      "CTL get /d --prefix -w json",
      // Leases.
      "CTL lease grant 600 | tee $D/lease1",
      "CTL lease grant 1 | tee $D/lease2",
      "CTL lease list | head -1",
      "CTL put /l/1 v1 --lease=$(awk '{print $2}' $D/lease1)",
      "CTL put /l/2 v2 --lease=$(awk '{print $2}' $D/lease1)",
      "CTL put /l/3 v3 --lease=$(awk '{print $2}' $D/lease2)",
      "CTL get /l --prefix -w json | sed 's/\"lease\":[0-9]*/\"lease\":L/g'",
      // etcd lists attached keys in map order: sort them.
      "CTL lease timetolive $(awk '{print $2}' $D/lease1) --keys | tr ' []' '\\n\\n\\n' | sort",
      "CTL lease timetolive $(awk '{print $2}' $D/lease2)",
      "CTL lease keep-alive --once $(awk '{print $2}' $D/lease1)",
      "CTL lease revoke $(awk '{print $2}' $D/lease1)",
      "CTL get /l --prefix -w json | sed 's/\"lease\":[0-9]*/\"lease\":L/g'",
      "CTL lease revoke $(awk '{print $2}' $D/lease1)",
      "CTL lease timetolive $(awk '{print $2}' $D/lease1)",
      "CTL lease keep-alive --once $(awk '{print $2}' $D/lease1)",
      "CTL put /l/9 v --lease=1234abcd",
      "CTL lease revoke 1234abcd",
      "CTL put /l/4 v4 --lease=$(awk '{print $2}' $D/lease2) --ignore-lease",
      "CTL put /l/3 v3b --ignore-lease -w json | sed 's/\"lease\":[0-9]*/\"lease\":L/g'",
      "CTL get /l/3 -w json | sed 's/\"lease\":[0-9]*/\"lease\":L/g'",
      // Lease 2 expires (TTL raised to the 2 s minimum) and takes /l/3 with it.
      "for i in $(seq 100); do CTL get /l/3 --limit=1 -w json | grep -q '\"count\":1' || break; "
      "sleep 0.1; done; CTL get /l --prefix --limit=1 -w json",
      "CTL lease list | head -1",
      // Watches replay history.
      "timeout 5 CTL watch /d --prefix --rev=1; true",
      "timeout 5 CTL watch /d/1 --rev=1 --prev-kv; true",
      "timeout 5 CTL watch /a/1 /a/9 --rev=20; true",
      "timeout 5 CTL watch / --prefix --rev=30; true",
      // Compaction.
      "CTL get foo --rev=3 -w json",
      "CTL compaction 10",
      "CTL get foo --rev=3",
      "CTL get foo --rev=10 -w json",
      "CTL get / --prefix --rev=10 --keys-only",
      "CTL compaction 10",
      "CTL compaction 5",
      "CTL compaction 100000",
      "timeout 5 CTL watch /d --prefix --rev=2; true",
      "timeout 5 CTL watch /d --prefix --rev=10; true",
      "printf '\\nget /d/1 --rev=5\\n\\n\\n' | CTL txn",
      "CTL compaction --physical 20",
      "CTL get / --prefix --keys-only --rev=20",
      // One member with authentication off: reads answer, unknown users,
      // roles and members are errors.
      "CTL user list",
      "CTL role list",
      "CTL user get nobody",
      "CTL role get nobody",
      "CTL user delete nobody",
      "CTL role delete nobody",
      "CTL user grant-role nobody r",
      "CTL user revoke-role nobody r",
      "CTL role grant-permission nobody read k",
      "CTL role revoke-permission nobody k",
      "CTL auth enable",
      "CTL auth disable",
      "CTL member remove 1234",
      "CTL member update 1234 --peer-urls=http://127.0.0.1:1",
      "CTL member promote 1234",
      "CTL move-leader 1234",
      // Final state.
      "CTL put final done -w json",
      "CTL get '' --from-key -w json",
      "CTL get '' --from-key --limit=1 -w json",
  };
  return kScript;
}

}  // namespace wisp::datastore::testing
