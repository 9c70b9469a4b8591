#include "net/netsim/link_conditions.h"

#include <cstdio>

#include "net/core/str_cat.h"

namespace weft::net {

namespace {
std::string percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", value);
  return text;
}
std::string millis(Duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%gms", toSeconds(d) * 1000.0);
  return text;
}
Result<void> checkPercent(const char* name, double value) {
  if (!(value >= 0 && value <= 100)) {
    return Error{strCat(name, " ", percent(value), " is not within 0-100%")};
  }
  return {};
}
}  // namespace

Result<void> LinkConditions::validate() const {
  if (latency < Duration::zero()) return Error{strCat("latency ", millis(latency), " is negative")};
  if (jitter < Duration::zero()) return Error{strCat("jitter ", millis(jitter), " is negative")};
  if (reorderDelay < Duration::zero()) {
    return Error{strCat("reorder delay ", millis(reorderDelay), " is negative")};
  }
  for (auto [name, value] :
       {std::pair{"loss", lossPercent}, std::pair{"duplicate", duplicatePercent},
        std::pair{"reorder", reorderPercent}}) {
    if (auto ok = checkPercent(name, value); !ok) return ok;
  }
  return {};
}

std::string LinkConditions::describe() const {
  std::string bandwidth = bandwidthBytesPerSecond == 0 ? std::string("unlimited")
                                                       : strCat(bandwidthBytesPerSecond, " B/s");
  return strCat("latency ", millis(latency), " jitter ", millis(jitter), " loss ",
                percent(lossPercent), " duplicate ", percent(duplicatePercent), " reorder ",
                percent(reorderPercent), " bandwidth ", bandwidth);
}

}  // namespace weft::net
