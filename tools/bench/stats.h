// Sample statistics, a plain-text table and the build description for weft-bench, so every
// subcommand summarises and prints its figures the same way.
// Tests: tests/tools/bench/stats_test.cpp
#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace weft::bench {

// The usual order statistics of a set of samples, in the samples' unit. All zero when empty.
struct Summary {
  std::size_t count = 0;
  double min = 0;
  double median = 0;
  double p99 = 0;
  double max = 0;
  double mean = 0;
};

Summary summarize(std::span<const double> samples);

// The q-quantile (0 <= q <= 1) by nearest rank: always one of the samples, so the p99 of 100
// latencies is the 99th smallest, never an interpolated figure that nobody measured.
double quantile(std::span<const double> samples, double q);

// The middle sample, or the mean of the two middle ones for an even count. 0 when empty.
double median(std::span<const double> samples);

// The compiler and whether this build can be trusted for timing ("gcc 12.2.0, optimised"), or
// a warning that it cannot (no optimisation, or sanitizers). Every report starts with it.
std::string buildDescription();

// `value` with `decimals` digits after the point ("12.30"); GCC 12 has no std::format.
std::string fixed(double value, int decimals);

// A text table: a header row, a rule, then the rows, each column as wide as its widest cell
// (counted in UTF-8 code points, so "≥" and "×" line up). Labels are usually left-aligned and
// figures right-aligned, so that digits of the same magnitude line up.
class Table {
 public:
  enum class Align { Left, Right };
  struct Column {
    std::string header;
    Align align = Align::Right;
  };

  explicit Table(std::vector<Column> columns);

  // `cells` must have one entry per column.
  void addRow(std::vector<std::string> cells);
  void print(std::ostream& out) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace weft::bench
