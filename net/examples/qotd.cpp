// qotd: the seed's Quote Of The Day server: every client gets the quote, then the server hangs up.
// Tests: tests/net/examples/qotd_test.cpp

#include "net/examples/example_main.h"

namespace {

using namespace weft::net;

class Qotd : public Protocol {
 public:
  explicit Qotd(const std::string& quote) : quote_(quote) {}
  void connectionMade() override {
    const std::string_view line[] = {quote_, "\r\n"};
    transport().writeSequence(line);
    transport().loseConnection();  // after the quote: loseConnection sends what is queued first
  }

 private:
  const std::string& quote_;  // the factory's, which outlives every connection
};

class QotdFactory : public ServerFactory {
 public:
  explicit QotdFactory(std::string quote) : quote_(std::move(quote)) {}
  std::unique_ptr<Protocol> buildProtocol(const Address&) override {
    return std::make_unique<Qotd>(quote_);
  }

 private:
  std::string quote_;
};

}  // namespace

int main(int argc, char** argv) {
  weft::examples::Example example(
      weft::examples::Role::Server,
      "Quote of the day: every client that connects is sent the quote and a line ending, then the "
      "server hangs up.",
      "weft-example-qotd --listen tcp:8007 --quote 'Carpe diem'\nnc localhost 8007");
  std::string quote = "An apple a day keeps the doctor away";
  example.cli()
      .add_option("--quote", quote, "The quote to send")
      ->type_name("TEXT")
      ->capture_default_str();
  if (auto exit = example.parse(argc, argv)) return *exit;

  QotdFactory factory(quote);
  return example.serve(factory);
}
