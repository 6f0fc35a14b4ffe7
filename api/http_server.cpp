#include "api/http_server.hpp"

#include "api/problem.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <condition_variable>
#include <mutex>
#include <sstream>

namespace orch::api {

namespace {

using namespace Pistache;

// Counts requests that have not been answered yet, so shutdown can wait for
// them, and refuses new ones once draining.
struct in_flight {
  std::mutex mutex;
  std::condition_variable idle;
  int count = 0;
  bool draining = false;

  bool enter() {
    std::lock_guard<std::mutex> guard(mutex);
    if (draining)
      return false;
    ++count;
    return true;
  }
  void leave() {
    std::lock_guard<std::mutex> guard(mutex);
    if (--count == 0)
      idle.notify_all();
  }
  void drain(int grace_ms) {
    std::unique_lock<std::mutex> lock(mutex);
    draining = true;
    idle.wait_for(lock, std::chrono::milliseconds(grace_ms),
                  [this] { return count == 0; });
  }
};

// Pistache 0.0.5 writes only typed headers into a response (raw ones are
// dropped), so every extra header travels as one of these.
class named_header final : public Http::Header::Header {
public:
  named_header(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char *name() const override { return name_.c_str(); }
  void write(std::ostream &out) const override { out << value_; }
  uint64_t hash() const override {
    return Http::Header::detail::hash(name_.c_str());
  }

private:
  std::string name_;
  std::string value_;
};

void write_response(Http::ResponseWriter &writer, http_response response) {
  for (const auto &[name, value] : response.headers)
    writer.headers().add(std::make_shared<named_header>(name, value));
  writer.send(static_cast<Http::Code>(response.status), response.body,
              Http::Mime::MediaType::fromString(response.content_type));
}

using request_clock = std::chrono::steady_clock;

// Answers one request on its connection and records how long it took, from
// its arrival to its answer.
class connection_channel final : public reply_channel {
public:
  connection_channel(Http::ResponseWriter writer,
                     std::shared_ptr<in_flight> tracker,
                     request_clock::time_point started)
      : writer_(std::move(writer)), tracker_(std::move(tracker)),
        started_(started) {}

  // Set once routing decided, before the request is handed to its handler.
  void time_in(request_timings::series &timing) { timing_ = &timing; }

  // Recorded before the answer leaves, so a client that has its answer
  // finds it counted in its next scrape.
  void deliver(http_response response) override {
    if (timing_)
      timing_->record(response.status, request_clock::now() - started_);
    write_response(writer_, std::move(response));
    tracker_->leave();
  }

private:
  Http::ResponseWriter writer_;
  std::shared_ptr<in_flight> tracker_;
  request_clock::time_point started_;
  request_timings::series *timing_ = nullptr;
};

// The timing series of every route (by its index in the router) and, per
// method, of the requests no route matched (404, 405).
class route_timings {
public:
  route_timings(const router &routes, request_timings &timings) {
    for (const auto &r : routes.routes())
      by_route_.push_back(&timings.add(r.method, r.pattern));
    // Pistache 0.0.5 parses only these methods, so the set is bounded.
    for (auto method : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                        "OPTIONS", "TRACE", "CONNECT"})
      unmatched_.emplace_back(method, &timings.add(method, "unmatched"));
  }

  request_timings::series &of(const lookup_result &found,
                              const std::string &method) const {
    if (auto *matched = std::get_if<route_match>(&found))
      return *by_route_[matched->index];
    for (const auto &[name, timing] : unmatched_)
      if (name == method)
        return *timing;
    return *unmatched_.front().second;
  }

private:
  std::vector<request_timings::series *> by_route_;
  std::vector<std::pair<std::string, request_timings::series *>> unmatched_;
};

std::string lower(std::string text) {
  for (auto &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

http_request convert(const Http::Request &in) {
  http_request out;
  out.method = Http::methodString(in.method());
  out.path = in.resource();
  out.body = in.body();
  for (const auto &h : in.headers().list()) {
    std::ostringstream value;
    h->write(value);
    out.headers[lower(h->name())] = value.str();
  }
  for (const auto &[name, raw] : in.headers().rawList())
    out.headers[lower(name)] = raw.value();
  const auto &query = in.query();
  for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it)
    out.query[it->first] = it->second;
  return out;
}

// A body is JSON unless it says otherwise: application/json or a +json type,
// with any parameters (charset).
bool json_content(const http_request &request) {
  auto found = request.headers.find("content-type");
  if (request.body.empty() || found == request.headers.end())
    return true;
  auto type = lower(found->second.substr(0, found->second.find(';')));
  while (!type.empty() && type.back() == ' ')
    type.pop_back();
  return type == "application/json" ||
         (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
}

void dispatch(lookup_result &found, http_request request, responder reply) {
  if (std::holds_alternative<route_not_found>(found)) {
    reply.send(problem(404, status_title(404),
                       "no route for " + request.method + " " + request.path));
    return;
  }
  if (auto *wrong = std::get_if<method_not_allowed>(&found)) {
    std::string allow;
    for (const auto &m : wrong->allowed)
      allow += (allow.empty() ? "" : ", ") + m;
    auto response = problem(405, status_title(405),
                            request.method + " is not allowed on " +
                                request.path + "; allowed: " + allow);
    response.headers["Allow"] = allow;
    reply.send(std::move(response));
    return;
  }
  if (!json_content(request)) {
    reply.send(problem(415, status_title(415),
                       "the body must be application/json, not " +
                           request.headers.at("content-type")));
    return;
  }
  auto &matched = std::get<route_match>(found);
  request.path_params = std::move(matched.params);
  matched.matched->run(request, reply);
}

class dispatch_handler final : public Http::Handler {
public:
  HTTP_PROTOTYPE(dispatch_handler)

  dispatch_handler(std::shared_ptr<const router> routes,
                   std::shared_ptr<in_flight> tracker,
                   std::shared_ptr<const route_timings> timings,
                   std::size_t max_body_bytes)
      : routes_(std::move(routes)), tracker_(std::move(tracker)),
        timings_(std::move(timings)), max_body_bytes_(max_body_bytes) {}

  void onRequest(const Http::Request &in,
                 Http::ResponseWriter writer) override {
    auto started = request_clock::now();
    // Refused before routing, so not timed: the server is going away.
    if (!tracker_->enter()) {
      auto response = problem(503, status_title(503), "the server is stopping");
      response.headers["Retry-After"] = "1";
      write_response(writer, std::move(response));
      return;
    }
    auto channel = std::make_shared<connection_channel>(std::move(writer),
                                                        tracker_, started);
    responder reply(channel);
    try {
      auto request = convert(in);
      auto found = routes_->lookup(request.method, request.path);
      channel->time_in(timings_->of(found, request.method));
      if (request.body.size() > max_body_bytes_)
        return reply.send(problem(
            413, status_title(413),
            "the body is over " + std::to_string(max_body_bytes_) + " bytes"));
      dispatch(found, std::move(request), reply);
    } catch (...) {
      // Never leak exception text (it may hold SQL or internals) to clients.
      reply.send(problem(500, status_title(500), "internal error"));
    }
  }

private:
  std::shared_ptr<const router> routes_;
  std::shared_ptr<in_flight> tracker_;
  std::shared_ptr<const route_timings> timings_;
  std::size_t max_body_bytes_;
};

// Pistache 0.0.5 answers a request over its own limit with a plain-text 413
// that no handler sees; its limit is ours plus room for the request line and
// headers, so a body over ours reaches the handler and gets a problem+json.
constexpr std::size_t header_allowance_bytes = 64 * 1024;

} // namespace

struct http_server::impl {
  std::shared_ptr<const router> routes;
  http_server_settings settings;
  std::shared_ptr<request_timings> timings;
  std::shared_ptr<in_flight> tracker = std::make_shared<in_flight>();
  std::unique_ptr<Http::Endpoint> endpoint;
  bool running = false;
};

http_server::http_server(std::shared_ptr<const router> routes,
                         http_server_settings settings,
                         std::shared_ptr<request_timings> timings)
    : impl_(std::make_unique<impl>()) {
  impl_->routes = std::move(routes);
  impl_->settings = std::move(settings);
  impl_->timings = std::move(timings);
}

http_server::~http_server() {
  shutdown(0);
}

void http_server::start() {
  const auto &s = impl_->settings;
  Address address(s.host, Port(s.port));
  impl_->endpoint = std::make_unique<Http::Endpoint>(address);
  // NoDelay: without it small responses wait for delayed ACKs.
  auto options =
      Http::Endpoint::options()
          .threads(s.threads)
          .flags(Tcp::Options::NoDelay | Tcp::Options::ReuseAddr)
          .maxRequestSize(s.max_request_bytes + header_allowance_bytes);
  impl_->endpoint->init(options);
  impl_->endpoint->setHandler(Http::make_handler<dispatch_handler>(
      impl_->routes, impl_->tracker,
      std::make_shared<const route_timings>(*impl_->routes, *impl_->timings),
      s.max_request_bytes));
  impl_->endpoint->serveThreaded();
  impl_->running = true;
}

std::uint16_t http_server::bound_port() const {
  return static_cast<std::uint16_t>(impl_->endpoint->getPort());
}

void http_server::shutdown(int grace_ms) {
  if (!impl_->running)
    return;
  impl_->running = false;
  impl_->tracker->drain(grace_ms);
  impl_->endpoint->shutdown();
}

} // namespace orch::api
