#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace orch {

// The last `capacity` bytes of a stream: older bytes are overwritten, so a
// chatty command costs bounded memory however much it writes.
class output_tail {
public:
  explicit output_tail(std::size_t capacity) : capacity_(capacity) {}

  void append(std::string_view data);

  // The kept bytes, oldest first.
  std::string str() const;

private:
  std::size_t capacity_;
  // Grows up to capacity_, then is used as a ring whose oldest byte is at
  // head_; memory is only spent on output that actually arrived.
  std::string buf_;
  std::size_t head_ = 0;
};

} // namespace orch
