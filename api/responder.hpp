#pragma once

#include "api/http_types.hpp"

#include <atomic>
#include <memory>

namespace orch::api {

// Where a response goes: the HTTP connection in the server, a recorder in
// tests.
class reply_channel {
public:
  virtual ~reply_channel() = default;
  virtual void deliver(http_response response) = 0;
};

// A one-shot answer to one request, callable from any thread (a CAF actor's
// reply handler included). The first `send` wins; later ones are ignored. If
// every copy is dropped unanswered, the client gets a 500 problem instead of
// a hung connection.
class responder {
public:
  explicit responder(std::shared_ptr<reply_channel> channel);
  void send(http_response response) const;

private:
  struct state;
  std::shared_ptr<state> state_;
};

} // namespace orch::api
