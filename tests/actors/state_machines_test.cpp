#include "actors/job_state.hpp"
#include "actors/tenant_state.hpp"
#include "actors/worker_state.hpp"
#include "actors/workflow_state.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orch {
namespace {

// Expected tables and names are written out from DESIGN.md §3 on purpose, not
// read from the production tables, so a wrong production table is caught.
template <class State> using edge_set = std::set<std::pair<State, State>>;
template <class State>
using name_list = std::vector<std::pair<State, std::string_view>>;

using W = worker_state;
const edge_set<W> worker_edges = {
    {W::idle, W::busy},           {W::busy, W::idle},
    {W::idle, W::paused},         {W::busy, W::draining},
    {W::draining, W::paused},     {W::draining, W::busy},
    {W::paused, W::idle},         {W::idle, W::failed},
    {W::busy, W::failed},         {W::draining, W::failed},
    {W::paused, W::failed},       {W::failed, W::idle},
    {W::idle, W::terminated},     {W::busy, W::terminated},
    {W::draining, W::terminated}, {W::paused, W::terminated},
    {W::failed, W::terminated},
};
const name_list<W> worker_names = {
    {W::idle, "idle"},     {W::busy, "busy"},     {W::draining, "draining"},
    {W::paused, "paused"}, {W::failed, "failed"}, {W::terminated, "terminated"},
};

using J = job_state;
const edge_set<J> job_edges = {
    {J::pending, J::running},   {J::running, J::completed},
    {J::running, J::failed},    {J::running, J::pending},
    {J::running, J::timed_out}, {J::pending, J::cancelled},
    {J::running, J::cancelled},
};
const name_list<J> job_names = {
    {J::pending, "pending"},     {J::running, "running"},
    {J::completed, "completed"}, {J::failed, "failed"},
    {J::cancelled, "cancelled"}, {J::timed_out, "timed_out"},
};

using T = tenant_status;
const edge_set<T> tenant_edges = {
    {T::pending, T::running},
    {T::running, T::ready},
    {T::running, T::failed},
    {T::failed, T::pending},
};
const name_list<T> tenant_names = {
    {T::pending, "pending"},
    {T::running, "running"},
    {T::ready, "ready"},
    {T::failed, "failed"},
};

using F = workflow_status;
const edge_set<F> workflow_edges = {
    {F::running, F::completed},
    {F::running, F::failed},
};
const name_list<F> workflow_names = {
    {F::running, "running"},
    {F::completed, "completed"},
    {F::failed, "failed"},
};

template <class Traits> auto current_of(const machine<Traits> &holder) {
  return holder.current();
}
tenant_status current_of(const tenant_lifecycle &holder) {
  return holder.status();
}

template <class State> std::string describe(State from, State to) {
  return std::string(to_string(from)) + " -> " + std::string(to_string(to));
}

template <class Holder, class State>
void expect_allowed(const edge_set<State> &allowed) {
  for (const auto &[from, to] : allowed) {
    SCOPED_TRACE(describe(from, to));
    auto direct = transition(from, to);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(direct.value(), to);
    Holder holder(from);
    auto held = holder.transition_to(to);
    ASSERT_TRUE(held.ok());
    EXPECT_EQ(held.value(), to);
    EXPECT_EQ(current_of(holder), to);
  }
}

template <class Holder, class State>
void expect_rejected(State from, State to, std::string_view machine_name) {
  SCOPED_TRACE(describe(from, to));
  EXPECT_FALSE(transition(from, to).ok());
  Holder holder(from);
  auto result = holder.transition_to(to);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().machine, machine_name);
  EXPECT_EQ(result.error().from, to_string(from));
  EXPECT_EQ(result.error().to, to_string(to));
  EXPECT_EQ(current_of(holder), from);
}

template <class Holder, class State, std::size_t N>
void expect_all_others_rejected(const std::array<State, N> &all,
                                const edge_set<State> &allowed,
                                std::string_view machine_name) {
  std::size_t rejected = 0;
  for (State from : all) {
    for (State to : all) {
      if (allowed.count({from, to}) == 0) {
        expect_rejected<Holder>(from, to, machine_name);
        ++rejected;
      }
    }
  }
  EXPECT_EQ(rejected, N * N - allowed.size());
}

template <class State, std::size_t N, class Parse>
void expect_wire_names(const std::array<State, N> &all,
                       const name_list<State> &expected, Parse parse) {
  ASSERT_EQ(all.size(), expected.size());
  for (std::size_t i = 0; i < N; ++i) {
    const auto &[state, name] = expected[i];
    SCOPED_TRACE(std::string(name));
    EXPECT_EQ(all[i], state);
    EXPECT_EQ(to_string(state), name);
    EXPECT_EQ(parse(name), state);
  }
  for (std::string_view bad : {"", "bogus", "Running", "PENDING", "idle "}) {
    EXPECT_EQ(parse(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(WorkerState, AllowedTransitionsSucceed) {
  // Every worker transition of DESIGN.md §3 succeeds and yields its target.
  expect_allowed<worker_machine>(worker_edges);
}

TEST(WorkerState, EveryOtherPairIsRejected) {
  // Any worker (from, to) pair outside DESIGN.md §3 is refused, state kept.
  expect_all_others_rejected<worker_machine>(all_worker_states(), worker_edges,
                                             "worker");
}

TEST(WorkerState, WireNamesRoundTrip) {
  // Worker states print and parse as their DESIGN.md wire names only.
  expect_wire_names(all_worker_states(), worker_names, parse_worker_state);
}

TEST(WorkerState, SelfTransitionIsRejected) {
  // Staying in the same state is not a transition: idle -> idle is refused.
  worker_machine worker(worker_state::idle);
  auto result = worker.transition_to(worker_state::idle);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "worker: cannot go from idle to idle");
}

TEST(JobState, AllowedTransitionsSucceed) {
  // Every job transition of DESIGN.md §3 succeeds and yields its target.
  expect_allowed<job_machine>(job_edges);
}

TEST(JobState, EveryOtherPairIsRejected) {
  // Any job (from, to) pair outside DESIGN.md §3 is refused, state kept.
  expect_all_others_rejected<job_machine>(all_job_states(), job_edges, "job");
}

TEST(JobState, WireNamesRoundTrip) {
  // Job states print and parse as their DESIGN.md wire names only.
  expect_wire_names(all_job_states(), job_names, parse_job_state);
}

TEST(JobState, TerminalStatesAreExactlyTheFinishedOnes) {
  // is_terminal holds for completed, failed, cancelled, timed_out only.
  const std::set<J> terminal = {J::completed, J::failed, J::cancelled,
                                J::timed_out};
  for (J s : all_job_states()) {
    EXPECT_EQ(is_terminal(s), terminal.count(s) == 1) << to_string(s);
  }
}

TEST(JobState, ErrorMessageNamesMachineAndBothStates) {
  // The invalid_transition message has the documented wording.
  auto result = transition(J::completed, J::running);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(),
            "job: cannot go from completed to running");
}

TEST(TenantStatus, AllowedTransitionsSucceed) {
  // Every tenant transition of DESIGN.md §3 succeeds and yields its target.
  expect_allowed<tenant_lifecycle>(tenant_edges);
}

TEST(TenantStatus, EveryOtherPairIsRejected) {
  // Any tenant (from, to) pair outside DESIGN.md §3 is refused, state kept.
  expect_all_others_rejected<tenant_lifecycle>(all_tenant_statuses(),
                                               tenant_edges, "tenant");
}

TEST(TenantStatus, WireNamesRoundTrip) {
  // Tenant statuses print and parse as their DESIGN.md wire names only.
  expect_wire_names(all_tenant_statuses(), tenant_names, parse_tenant_status);
}

TEST(TenantStatus, IsActiveExactlyWhenReady) {
  // is_active is true for ready and false for every other status.
  for (T s : all_tenant_statuses()) {
    EXPECT_EQ(is_active(s), s == T::ready) << to_string(s);
    EXPECT_EQ(tenant_lifecycle(s).is_active(), s == T::ready) << to_string(s);
  }
}

TEST(TenantStatus, LifecycleActivityFollowsTransitions) {
  // A tenant becomes active on ready and inactive again when it fails.
  tenant_lifecycle tenant(T::pending);
  ASSERT_TRUE(tenant.transition_to(T::running).ok());
  EXPECT_FALSE(tenant.is_active());
  ASSERT_TRUE(tenant.transition_to(T::ready).ok());
  EXPECT_TRUE(tenant.is_active());
  EXPECT_FALSE(tenant.transition_to(T::failed).ok());
  EXPECT_TRUE(tenant.is_active());
}

TEST(WorkflowStatus, AllowedTransitionsSucceed) {
  // A running workflow execution can complete or fail.
  expect_allowed<workflow_machine>(workflow_edges);
}

TEST(WorkflowStatus, EveryOtherPairIsRejected) {
  // Any other workflow pair is refused: a finished execution never changes.
  expect_all_others_rejected<workflow_machine>(all_workflow_statuses(),
                                               workflow_edges, "workflow");
}

TEST(WorkflowStatus, WireNamesRoundTrip) {
  // Workflow statuses print and parse as their wire names only.
  expect_wire_names(all_workflow_statuses(), workflow_names,
                    parse_workflow_status);
}

} // namespace
} // namespace orch
