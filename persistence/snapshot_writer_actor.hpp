#pragma once

#include "actors/snapshot_writer.hpp"
#include "persistence/snapshot_batch.hpp"

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>

#include <memory>

namespace orch::persistence {

using drain_atom = caf::atom_constant<caf::atom("drain")>;

// The writer as its owner sees it: both snapshot interfaces, plus a drain
// request answered once everything received before it is committed, so a
// stopping server loses none of its last snapshots.
using owned_snapshot_writer =
    snapshot_writer::extend_with<tenant_snapshot_writer>::extend<
        caf::replies_to<drain_atom>::with<caf::ok_atom>>;

struct snapshot_writer_options {
  // How long the writer waits for a commit before it answers its durable
  // requesters with `unavailable`.
  std::chrono::milliseconds commit_timeout{30000};
  // After a failed commit, how long before the kept snapshots are retried.
  std::chrono::milliseconds retry_delay{1000};
  // The most snapshots one transaction holds; the rest go in the next.
  std::size_t max_batch = 5000;
  // How long the first snapshot of a batch may wait for others to join it
  // while no commit is in flight; 0: the batch goes at once.
  std::chrono::milliseconds max_delay{0};
};

// Group commit: snapshots gather while a commit is in flight and go out
// together in the next transaction, so the commit rate adapts to load; with
// a max_delay they also wait that long for company when the database is
// idle, and a batch that reaches max_batch goes at once. The blocking database
// work runs in a detached actor (its own thread), never on a scheduler thread.
// A durable request is answered after its batch committed, or with
// `unavailable` when the commit failed; fire-and-forget snapshots of a failed
// batch are kept for the next one.
owned_snapshot_writer
spawn_snapshot_writer(caf::actor_system &system,
                      std::shared_ptr<batch_committer> sink,
                      snapshot_writer_options options = {});

} // namespace orch::persistence
