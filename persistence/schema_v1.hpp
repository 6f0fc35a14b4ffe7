#pragma once

#include "persistence/dialect.hpp"

#include <string>
#include <vector>

namespace orch::persistence {

// Migration 1: every table of DESIGN.md §7 with its constraints. Frozen once
// released: later changes are new migrations, never edits here. Status lists
// in CHECKs are written out (not generated from the enums) for that reason.
std::vector<std::string> schema_v1(const dialect &d);

} // namespace orch::persistence
