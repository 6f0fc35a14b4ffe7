#include "actors/type_ids.hpp"

#include "actors/errors.hpp"

namespace orch {

void register_runtime_types(caf::actor_system_config &config) {
  config.add_message_types<caf::id_block::orchestrator>();
  config.add_error_category(
      orch_error_category,
      [](std::uint8_t code, caf::atom_value, const caf::message &context) {
        return to_string(static_cast<orch_errc>(code)) +
               (context.empty() ? "" : ": " + context.get_as<std::string>(0));
      });
}

} // namespace orch
