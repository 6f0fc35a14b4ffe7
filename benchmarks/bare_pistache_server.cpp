// The reference for the HTTP submit benchmark (DESIGN.md §8): a Pistache
// endpoint configured like the server's (threads, NoDelay, request size)
// whose one handler parses the JSON body and answers a fixed 201 JSON.
//   bare_pistache_server PORT [THREADS]
#include <nlohmann/json.hpp>
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <iostream>
#include <string>

namespace {

using namespace Pistache;

class fixed_answer final : public Http::Handler {
public:
  HTTP_PROTOTYPE(fixed_answer)

  void onRequest(const Http::Request &request,
                 Http::ResponseWriter writer) override {
    auto body = nlohmann::json::parse(request.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      writer.send(Http::Code::Unprocessable_Entity, "{}",
                  MIME(Application, Json));
      return;
    }
    writer.send(Http::Code::Created,
                R"({"job_id":"job-aZ3_k9Q-x2B","status":"pending"})",
                MIME(Application, Json));
  }
};

sigset_t stop_signals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  return stop;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: bare_pistache_server PORT [THREADS]\n";
    return 2;
  }
  // Blocked before Pistache starts its threads, so only sigwait sees them.
  auto stop = stop_signals();
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  Http::Endpoint endpoint(Address("127.0.0.1", Port(std::stoi(argv[1]))));
  endpoint.init(Http::Endpoint::options()
                    .threads(argc > 2 ? std::stoi(argv[2]) : 2)
                    .flags(Tcp::Options::NoDelay | Tcp::Options::ReuseAddr)
                    .maxRequestSize(1 << 20));
  endpoint.setHandler(Http::make_handler<fixed_answer>());
  endpoint.serveThreaded();
  std::cout << "bare pistache ready: listening on http://127.0.0.1:"
            << endpoint.getPort() << std::endl;
  int received = 0;
  sigwait(&stop, &received);
  endpoint.shutdown();
  return 0;
}
