#pragma once

#include "config/environment.hpp"
#include "config/options.hpp"

#include <optional>
#include <string>

namespace orch::app {

// Creates an operator account (no tenant; scopes supervisor:read and
// supervisor:write) in the database of `options`, migrating it first.
// Nothing on success, else one line for the operator: a bad email, a
// password against the policy, an email already registered, a database
// failure.
std::optional<std::string> create_operator(const config::options &options,
                                           const std::string &email,
                                           const std::string &password);

// At serve: when ORCH_OPERATOR_EMAIL and ORCH_OPERATOR_PASSWORD are set and
// no operator exists yet, creates one with them. Nothing when done or not
// asked for, else one line.
std::optional<std::string>
create_first_operator(const config::options &options,
                      const config::environment &env);

} // namespace orch::app
