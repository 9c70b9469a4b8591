// What the tests that run weft-bench as a process share: running it with bounded settings, and
// reading its tables back by row label and column header, so a test names the figure it checks.
// Tests: exercised by tests/tools/bench/commands_test.cpp and enet_bench_test.cpp
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/programs.h"

namespace weft::test {

struct BenchRun {
  int status = -1;
  std::string out, err;
};

// Runs `weft-bench args...` to its end. Generous: a passing run takes seconds, a sanitized one
// on a busy machine more.
inline BenchRun runBench(std::vector<std::string> args) {
  args.insert(args.begin(), weft::testing::binPath("weft-bench"));
  tools::Subprocess bench = weft::testing::startProgram(std::move(args));
  const std::optional<int> status = bench.waitExit(std::chrono::seconds(150));
  REQUIRE_MESSAGE(status.has_value(), "weft-bench did not finish within its limit; stdout:\n",
                  bench.stdoutSoFar());
  return {*status, bench.stdoutSoFar(), bench.stderrSoFar()};
}

// One of weft-bench's tables: a header line, a rule of dashes, then rows up to a blank line.
// Cells are separated by two spaces or more (a cell holds at most one space in a row).
struct BenchTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // The cell in the row labelled `label` (its first cell) and the column headed `column`;
  // nullopt if there is no such row or column, or the row ends before it.
  std::optional<std::string> cell(const std::string& label, const std::string& column) const {
    std::size_t at = 0;
    while (at < header.size() && header[at] != column) ++at;
    for (const auto& row : rows) {
      if (!row.empty() && row.front() == label && at < row.size()) return row[at];
    }
    return std::nullopt;
  }
  // That cell as a number; fails the test if it is missing or is not one.
  double number(const std::string& label, const std::string& column) const {
    const std::optional<std::string> text = cell(label, column);
    REQUIRE_MESSAGE(text.has_value(), "no cell ", label, " / ", column);
    std::size_t used = 0;
    double value = 0;
    CHECK_NOTHROW(value = std::stod(*text, &used));
    CHECK_MESSAGE(used > 0, "not a number: ", *text);
    return value;
  }
};

inline std::vector<std::string> cellsOf(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t at = line.find_first_not_of(' ');
  while (at != std::string::npos) {
    std::size_t end = line.find("  ", at);
    cells.push_back(line.substr(at, end == std::string::npos ? std::string::npos : end - at));
    at = end == std::string::npos ? end : line.find_first_not_of(' ', end);
  }
  return cells;
}

// Every table in `out`, in order.
inline std::vector<BenchTable> tablesIn(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<BenchTable> tables;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i].find_first_not_of('-') != std::string::npos) continue;
    BenchTable& table = tables.emplace_back();
    table.header = cellsOf(lines[i - 1]);
    for (++i; i < lines.size() && !lines[i].empty(); ++i) table.rows.push_back(cellsOf(lines[i]));
  }
  return tables;
}

// The only table in `run`'s output; fails the test if there is not exactly one.
inline BenchTable onlyTable(const BenchRun& run) {
  std::vector<BenchTable> tables = tablesIn(run.out);
  REQUIRE_MESSAGE(tables.size() == 1, "expected one table in:\n", run.out, "\nstderr:\n", run.err);
  return tables.front();
}

}  // namespace weft::test
