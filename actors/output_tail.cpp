#include "actors/output_tail.hpp"

#include <algorithm>

namespace orch {

void output_tail::append(std::string_view data) {
  if (data.size() >= capacity_) {
    buf_.assign(data.substr(data.size() - capacity_));
    head_ = 0;
    return;
  }
  auto direct = std::min(capacity_ - buf_.size(), data.size());
  buf_.append(data.substr(0, direct));
  data.remove_prefix(direct);
  while (!data.empty()) {
    auto n = std::min(data.size(), capacity_ - head_);
    buf_.replace(head_, n, data.substr(0, n));
    head_ = (head_ + n) % capacity_;
    data.remove_prefix(n);
  }
}

std::string output_tail::str() const {
  std::string out;
  out.reserve(buf_.size());
  out.append(buf_, head_, std::string::npos);
  out.append(buf_, 0, head_);
  return out;
}

} // namespace orch
