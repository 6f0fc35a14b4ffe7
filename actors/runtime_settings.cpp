#include "actors/runtime_settings.hpp"

namespace orch {

std::int64_t runtime_settings::system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

} // namespace orch
