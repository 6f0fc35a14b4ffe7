#include "api/responder.hpp"

#include "api/problem.hpp"

namespace orch::api {

struct responder::state {
  std::shared_ptr<reply_channel> channel;
  std::atomic<bool> sent{false};

  void send(http_response response) {
    if (!sent.exchange(true))
      channel->deliver(std::move(response));
  }

  ~state() {
    send(problem(500, status_title(500), "the request was not answered"));
  }
};

responder::responder(std::shared_ptr<reply_channel> channel)
    : state_(std::make_shared<state>()) {
  state_->channel = std::move(channel);
}

void responder::send(http_response response) const {
  state_->send(std::move(response));
}

} // namespace orch::api
