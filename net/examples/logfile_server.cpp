// logfile-server: the seed's logging factory: the file opens when the factory starts (the first
// port listens) and closes when it stops; every line received is appended to it.
// Tests: tests/net/examples/logfile_server_test.cpp

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "net/examples/example_main.h"
#include "net/protocols/line_receiver.h"

namespace {

using namespace weft::net;
using weft::examples::Example;

class LogfileFactory : public ServerFactory {
 public:
  LogfileFactory(Example& example, std::string path) : example_(example), path_(std::move(path)) {}

  void startFactory() override {
    file_.open(path_, std::ios::app);
    if (!file_) {
      std::cerr << example_.name() << ": cannot open " << path_ << ": " << std::strerror(errno)
                << "\n";
      example_.stop(weft::examples::kExitFailure);
      return;
    }
    std::cout << "appending lines to " << path_ << "\n";
  }
  void stopFactory() override {
    if (!file_.is_open()) return;
    file_.close();
    std::cout << "closed " << path_ << "\n";
  }

  // Flushed line by line: what was received is in the file even if the program is killed.
  void log(std::string_view line) { file_ << line << '\n' << std::flush; }

  std::unique_ptr<Protocol> buildProtocol(const Address&) override;

 private:
  Example& example_;
  std::string path_;
  std::ofstream file_;
};

class LoggingProtocol : public LineReceiver {
 public:
  explicit LoggingProtocol(LogfileFactory& factory)
      : LineReceiver({.lenient = true}), factory_(factory) {}
  void lineReceived(std::string_view line) override { factory_.log(line); }

 private:
  LogfileFactory& factory_;
};

std::unique_ptr<Protocol> LogfileFactory::buildProtocol(const Address&) {
  return std::make_unique<LoggingProtocol>(*this);
}

}  // namespace

int main(int argc, char** argv) {
  Example example(weft::examples::Role::Server,
                  "Log file server: appends every line that any client sends to --file. The file "
                  "is open while the server listens; Ctrl-C stops listening, which closes it.",
                  "weft-example-logfile-server --listen tcp:8007 --file received.log\n"
                  "nc localhost 8007");
  std::string path;
  example.cli()
      .add_option("--file", path, "The file to append lines to")
      ->type_name("PATH")
      ->required();
  if (auto exit = example.parse(argc, argv)) return *exit;

  LogfileFactory factory(example, path);
  return example.serve(factory);
}
