#pragma once

#include "actors/allocation_info.hpp"
#include "actors/atoms.hpp"
#include "actors/idempotency.hpp"
#include "actors/job_info.hpp"
#include "actors/registration.hpp"
#include "actors/tenant_snapshot.hpp"
#include "actors/user_info.hpp"
#include "actors/worker_info.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

namespace orch {

// Where actors send their state to be persisted (implemented in
// persistence/). A job snapshot that must be durable before it is
// acknowledged (a submitted job) is requested with snapshot_atom and answered
// after its batch committed; every other snapshot is sent with put_atom and
// written in the next batch. A job submitted with an Idempotency-Key carries
// its claim, written in the same transaction as the job.
using snapshot_writer = caf::typed_actor<
    caf::replies_to<snapshot_atom, job_info>::with<caf::ok_atom>,
    caf::replies_to<snapshot_atom, job_info,
                    idempotency_claim>::with<caf::ok_atom>,
    caf::reacts_to<caf::put_atom, job_info>,
    caf::reacts_to<caf::put_atom, worker_info>,
    caf::reacts_to<caf::put_atom, allocation_info>>;

// Where the tenant registry sends accounts and tenants to be persisted (the
// same writer, seen through another face). Registrations and tenant
// snapshots are answered after their batch committed: a registration whose
// email exists is refused alone with `already_exists`. A user snapshot (a
// password hash upgraded at login) goes out with the next batch.
using tenant_snapshot_writer = caf::typed_actor<
    caf::replies_to<snapshot_atom, registration>::with<caf::ok_atom>,
    caf::replies_to<snapshot_atom, tenant_snapshot>::with<caf::ok_atom>,
    caf::reacts_to<caf::put_atom, user_info>>;

} // namespace orch
