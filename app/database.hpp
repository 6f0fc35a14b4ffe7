#pragma once

#include "persistence/database_url.hpp"
#include "persistence/recovery.hpp"

#include <soci/soci.h>

#include <memory>
#include <string>
#include <variant>

namespace orch::app {

struct opened_database {
  persistence::connection_target target;
  std::unique_ptr<soci::session> session;
};

// Opens the database named by `url`. The error is one line that names the
// URL with its password redacted.
std::variant<opened_database, std::string>
open_database(const std::string &url);

struct prepared_database {
  persistence::connection_target target;
  persistence::recovered_state recovered;
};

// Opens and migrates the database named by `url` and loads the state to
// resume from. The error is one line for operators.
std::variant<prepared_database, std::string>
prepare_database(const std::string &url);

// `text` on one line: backend messages (libpq's above all) span several,
// and every error of the command line is one line.
std::string one_line(const std::string &text);

} // namespace orch::app
