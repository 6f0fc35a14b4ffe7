#include "actor_test_fixture.hpp"

#include "actors/ask_once.hpp"

namespace orch {
namespace {

using namespace std::chrono_literals;

// An actor that answers `get` with its argument, or, for a negative one,
// never (it keeps the promise until it ends).
using echo_actor =
    caf::typed_actor<caf::replies_to<caf::get_atom, int>::with<int>>;

class AskOnceTest : public test::actor_test {
protected:
  echo_actor spawn_echo() {
    auto echo = system().spawn(
        [](echo_actor::pointer self) -> echo_actor::behavior_type {
          return {[self](caf::get_atom, int x) -> caf::result<int> {
            if (x >= 0)
              return x;
            return self->make_response_promise<int>();
          }};
        });
    keep(echo);
    return echo;
  }

  // Asks `dest` and records the answer or the error.
  std::shared_ptr<caf::expected<int>> ask(const echo_actor &dest, int x) {
    auto out = std::make_shared<caf::expected<int>>(caf::error{});
    auto answered = std::make_shared<int>(0);
    ask_once<int>(
        system(), dest, 1h,
        [out, answered](caf::expected<int> answer) {
          ++*answered;
          *out = std::move(answer);
        },
        caf::get_atom::value, x);
    run();
    answers.push_back(answered);
    return out;
  }

  std::vector<std::shared_ptr<int>> answers;
};

TEST_F(AskOnceTest, TheCallbackGetsTheAnswerOnce) {
  // A plain answer reaches the callback, exactly once.
  auto echo = spawn_echo();
  auto answer = ask(echo, 7);
  ASSERT_TRUE(*answer);
  EXPECT_EQ(**answer, 7);
  EXPECT_EQ(*answers.front(), 1);
}

TEST_F(AskOnceTest, ADestinationEndingWithADroppedPromiseIsAnErrorAtOnce) {
  // The destination ends without answering: the callback gets an error at
  // once, not after the (one hour) time-out.
  auto echo = spawn_echo();
  auto answer = ask(echo, -1);
  EXPECT_EQ(*answers.front(), 0);
  caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
  run();
  EXPECT_EQ(*answers.front(), 1);
  EXPECT_FALSE(*answer);
}

} // namespace
} // namespace orch
