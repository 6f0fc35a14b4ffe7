#pragma once

#include "actors/job_info.hpp"
#include "actors/task_spec.hpp"
#include "persistence/workflow_record.hpp"

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// The JSON text columns. Tasks use the REST shape of DESIGN.md §4
// ({"type": "command", "argv": [...], "env": {...}, "cwd": ...}), results
// {exit_code, stdout, stderr}. Bytes that are not UTF-8 (a command's output
// tail cut mid-character) are written as U+FFFD, since JSON text must be
// UTF-8. Decoders return nullopt for text they cannot read.

std::string encode_task(const orch::task_spec &task);
std::optional<orch::task_spec> decode_task(const std::string &text);

std::string encode_result(const orch::job_result &result);
std::optional<orch::job_result> decode_result(const std::string &text);

std::string encode_strings(const std::vector<std::string> &values);
std::optional<std::vector<std::string>> decode_strings(const std::string &text);

std::string encode_steps(const std::vector<workflow_step> &steps);
std::optional<std::vector<workflow_step>> decode_steps(const std::string &text);

} // namespace orch::persistence
