#include "actors/errors.hpp"
#include "actors/supervisor_state.hpp"

#include <algorithm>

namespace orch {

namespace {

caf::error key_reused() {
  return make_error(orch_errc::idempotency_key_reused,
                    "the idempotency key was already used with a "
                    "different request body");
}

bool expired(std::int64_t created_at_ms, std::int64_t now_ms) {
  return now_ms - created_at_ms >= idempotency_ttl_ms;
}

// A submit's key can go once its job's commit is settled (retries may be
// waiting on it until then); an allocate's at once.
bool settled(const job_key_entry &entry) {
  return entry.committed;
}

bool settled(const allocation_key_entry &) {
  return true;
}

// Forgets the keys past their lifetime, oldest first. An order item whose
// entry was forgotten or made again since is only dropped.
template <class Entry>
void forget_expired(idempotency_keys<Entry> &keys, std::int64_t now_ms) {
  while (!keys.order.empty() && expired(keys.order.front().first, now_ms)) {
    auto &[created_at_ms, slot] = keys.order.front();
    auto it = keys.entries.find(slot);
    if (it != keys.entries.end() && it->second.created_at_ms == created_at_ms) {
      if (!settled(it->second))
        return;
      keys.entries.erase(it);
    }
    keys.order.pop_front();
  }
}

// The entry under `slot`, unless it is missing or older than the key's
// lifetime (then it is forgotten and the key starts afresh).
template <class Entry>
Entry *live_entry(idempotency_keys<Entry> &keys, const tenant_key &slot,
                  std::int64_t now_ms) {
  forget_expired(keys, now_ms);
  auto it = keys.entries.find(slot);
  if (it == keys.entries.end())
    return nullptr;
  if (expired(it->second.created_at_ms, now_ms) && settled(it->second)) {
    keys.entries.erase(it);
    return nullptr;
  }
  return &it->second;
}

// A new entry under `slot`, made at `now_ms`.
template <class Entry>
Entry &add_entry(idempotency_keys<Entry> &keys, const tenant_key &slot,
                 std::int64_t now_ms) {
  auto &entry = keys.entries[slot];
  entry = Entry{};
  entry.created_at_ms = now_ms;
  keys.order.emplace_back(now_ms, slot);
  return entry;
}

// A retry of a keyed submit: its job id once the job is stored, or a wait
// for the first request's commit.
caf::result<job_submission> replay_job(supervisor_pointer self,
                                       job_key_entry &entry,
                                       const idempotent_request &request) {
  if (entry.fingerprint != request.fingerprint)
    return key_reused();
  if (!entry.committed) {
    auto promise = self->make_response_promise<job_submission>();
    entry.waiting.push_back(promise);
    return promise;
  }
  job_submission replay;
  replay.job.job_id = entry.job_id;
  replay.replayed = true;
  return replay;
}

// The first request's job was stored (or refused): the retries waiting for
// it get the same job (or the same error, and the key is free again).
void settle_key(supervisor_pointer self, const tenant_key &slot,
                const caf::error &error) {
  auto &keys = self->state.job_keys.entries;
  auto it = keys.find(slot);
  if (it == keys.end())
    return;
  auto waiting = std::move(it->second.waiting);
  it->second.waiting.clear();
  job_submission replay;
  replay.job.job_id = it->second.job_id;
  replay.replayed = true;
  if (error)
    keys.erase(it);
  else
    it->second.committed = true;
  for (auto &promise : waiting)
    if (error)
      promise.deliver(error);
    else
      promise.deliver(replay);
}

} // namespace

caf::result<job_submission>
submit_keyed_job(supervisor_pointer self, job_spec spec,
                 const idempotent_request &request) {
  auto &s = self->state;
  auto now = s.settings->now_ms();
  tenant_key slot{spec.tenant_id, request.key};
  if (auto *entry = live_entry(s.job_keys, slot, now))
    return replay_job(self, *entry, request);
  auto opened = open_job(self, std::move(spec));
  if (!opened)
    return opened.error();
  auto &entry = add_entry(s.job_keys, slot, now);
  entry.fingerprint = request.fingerprint;
  entry.job_id = opened->job_id;
  idempotency_claim claim{slot.first, request.key, request.fingerprint,
                          opened->job_id, now};
  auto promise = self->make_response_promise<job_submission>();
  store_then_admit(self, std::move(*opened), &claim,
                   [=](const caf::error &error, job_info &job) mutable {
                     settle_key(self, slot, error);
                     if (error)
                       promise.deliver(error);
                     else
                       promise.deliver(job_submission{std::move(job), false});
                   });
  return promise;
}

caf::result<allocation_grant>
allocate_keyed(supervisor_pointer self, const std::string &tenant_id,
               std::int32_t count, const idempotent_request &request) {
  auto &s = self->state;
  auto now = s.settings->now_ms();
  tenant_key slot{tenant_id, request.key};
  if (auto *entry = live_entry(s.allocation_keys, slot, now)) {
    if (entry->fingerprint != request.fingerprint)
      return key_reused();
    return allocation_grant{entry->granted, true};
  }
  auto granted = allocate(self, tenant_id, count);
  if (!granted)
    return granted.error();
  auto &entry = add_entry(s.allocation_keys, slot, now);
  entry.fingerprint = request.fingerprint;
  entry.granted = *granted;
  return allocation_grant{std::move(*granted), false};
}

void recover_idempotency_claims(supervisor_pointer self,
                                std::vector<idempotency_claim> claims) {
  auto now = self->state.settings->now_ms();
  std::sort(claims.begin(), claims.end(), [](const auto &a, const auto &b) {
    return a.created_at_ms < b.created_at_ms;
  });
  for (auto &claim : claims) {
    if (expired(claim.created_at_ms, now))
      continue;
    auto &entry = add_entry(self->state.job_keys, {claim.tenant_id, claim.key},
                            claim.created_at_ms);
    entry.fingerprint = std::move(claim.fingerprint);
    entry.job_id = std::move(claim.job_id);
    entry.committed = true;
  }
}

} // namespace orch
