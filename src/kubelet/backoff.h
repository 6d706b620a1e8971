// File: src/kubelet/backoff.h
//
// CrashLoopBackOff as upstream's kubelet computes it (flowcontrol.Backoff):
// a restart of a container that finished at time F waits until F + delay;
// the delay starts at 10 s and doubles per restart up to 5 min; an entry not
// updated for 2 × the maximum (10 min, i.e. the container ran that long) is
// forgotten, so the next crash starts again at 10 s.
//
// Times are wall-clock (CRI reports finish times as Unix nanoseconds) and
// passed in, so the class is pure. Not thread-safe (one per pod worker).
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace wisp::kubelet {

class CrashBackOff {
 public:
  using Time = std::chrono::system_clock::time_point;
  using Duration = std::chrono::milliseconds;

  explicit CrashBackOff(Duration initial = std::chrono::seconds(10),
                        Duration max = std::chrono::minutes(5))
      : initial_(initial), max_(max) {}

  // True (and the remaining wait in `remaining`) while the container `key`
  // that finished at `finished` must not be restarted yet.
  bool InBackOff(const std::string& key, Time finished, Time now, Duration* remaining) const;

  // Records a restart of `key` after it finished at `finished`.
  void Next(const std::string& key, Time finished);

  // The current delay of `key` (0 if none).
  Duration Delay(const std::string& key) const;

 private:
  struct Entry {
    Duration delay;
    Time last_update;
  };
  bool Expired(const Entry& e, Time event) const { return event - e.last_update > 2 * max_; }

  Duration initial_;
  Duration max_;
  std::map<std::string, Entry> entries_;
};

}  // namespace wisp::kubelet
