#include "app/webhook_step.hpp"

#include "api/tenant_json.hpp"

#include <caf/all.hpp>
#include <curl/curl.h>

#include <memory>

namespace orch::app {

namespace {

std::size_t discard(char *, std::size_t size, std::size_t count, void *) {
  return size * count;
}

// One POST; the outcome names the status or libcurl's error.
step_outcome post_json(const std::string &url, const std::string &body,
                       std::chrono::milliseconds timeout) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                           curl_easy_cleanup);
  if (!curl)
    return step_outcome::failure("webhook: cannot create a curl handle");
  curl_slist *headers =
      curl_slist_append(nullptr, "Content-Type: application/json");
  char error[CURL_ERROR_SIZE] = {};
  auto *h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  auto result = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (result != CURLE_OK)
    return step_outcome::failure(
        std::string("webhook call failed: ") +
        (error[0] ? error : curl_easy_strerror(result)));
  if (status < 200 || status > 299)
    return step_outcome::failure("webhook answered " + std::to_string(status));
  return step_outcome::success();
}

// The body of a detached actor: one call, one report, then it ends.
void call_webhook(caf::event_based_actor *, std::string url, std::string body,
                  std::chrono::milliseconds timeout,
                  provisioning_step::done_callback done) {
  done(post_json(url, body, timeout));
}

} // namespace

webhook_step::webhook_step(caf::actor_system &system, std::string url,
                           std::chrono::milliseconds timeout)
    : system_(system), url_(std::move(url)), timeout_(timeout) {}

void webhook_step::start(const step_context &context, done_callback done) {
  auto body = api::tenant_json(context.tenant);
  body["workflow_id"] = context.workflow_id;
  body["attempt"] = context.attempt;
  system_.spawn<caf::detached>(call_webhook, url_, body.dump(), timeout_,
                               std::move(done));
}

} // namespace orch::app
