// Port of k8s.io/apimachinery/pkg/util/duration.
#include "wisp/apimachinery/human_duration.h"

#include "wisp/base/strings.h"

namespace wisp::apimachinery {

using base::StrCat;

std::string ShortHumanDuration(std::chrono::seconds d) {
  int64_t seconds = d.count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return StrCat(seconds, "s");
  int64_t minutes = seconds / 60;
  if (minutes < 60) return StrCat(minutes, "m");
  int64_t hours = seconds / 3600;
  if (hours < 24) return StrCat(hours, "h");
  if (hours < 24 * 365) return StrCat(hours / 24, "d");
  return StrCat(hours / 24 / 365, "y");
}

std::string HumanDuration(std::chrono::seconds d) {
  int64_t seconds = d.count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return StrCat(seconds, "s");
  int64_t minutes = seconds / 60;
  if (minutes < 10) {
    int64_t s = seconds % 60;
    return s == 0 ? StrCat(minutes, "m") : StrCat(minutes, "m", s, "s");
  }
  if (minutes < 60 * 3) return StrCat(minutes, "m");
  int64_t hours = seconds / 3600;
  if (hours < 8) {
    int64_t m = minutes % 60;
    return m == 0 ? StrCat(hours, "h") : StrCat(hours, "h", m, "m");
  }
  if (hours < 48) return StrCat(hours, "h");
  if (hours < 24 * 8) {
    int64_t h = hours % 24;
    return h == 0 ? StrCat(hours / 24, "d") : StrCat(hours / 24, "d", h, "h");
  }
  if (hours < 24 * 365 * 2) return StrCat(hours / 24, "d");
  if (hours < 24 * 365 * 8) {
    int64_t dy = (hours / 24) % 365;
    return dy == 0 ? StrCat(hours / 24 / 365, "y") : StrCat(hours / 24 / 365, "y", dy, "d");
  }
  return StrCat(hours / 24 / 365, "y");
}

}  // namespace wisp::apimachinery
