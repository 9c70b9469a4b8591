// answer: the seed's LineReceiver bot, which answers the one question it knows.
// Tests: tests/net/examples/answer_test.cpp

#include <map>

#include "net/examples/example_main.h"
#include "net/protocols/line_receiver.h"

namespace {

using namespace weft::net;

class Answer : public LineReceiver {
 public:
  // Lenient: people type into telnet or nc, which end lines with "\n" or "\r\n".
  Answer() : LineReceiver({.lenient = true}) {}

  void lineReceived(std::string_view line) override {
    static const std::map<std::string, std::string, std::less<>> answers = {
        {"How are you?", "Fine"},
    };
    auto answer = answers.find(line);
    sendLine(answer != answers.end() ? answer->second : "I don't know what you mean");
  }
};

}  // namespace

int main(int argc, char** argv) {
  weft::examples::Example example(
      weft::examples::Role::Server,
      "Answering bot: reads lines and answers \"Fine\" to \"How are you?\" and \"I don't know "
      "what you mean\" to anything else.",
      "weft-example-answer --listen tcp:8007\nnc localhost 8007");
  if (auto exit = example.parse(argc, argv)) return *exit;

  ServerFactoryFor<Answer> factory;
  return example.serve(factory);
}
