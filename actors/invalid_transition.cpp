#include "actors/invalid_transition.hpp"

namespace orch {

std::string invalid_transition::message() const {
  return machine + ": cannot go from " + from + " to " + to;
}

} // namespace orch
