// Sample statistics, a plain-text table and its cells, and the build description for weft-bench,
// so every subcommand summarises and prints its figures the same way.
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

// "1 round", "5 rounds": `n` and the noun, plural unless n is 1 (the nouns here add an "s").
std::string counted(std::size_t n, const std::string& noun);

// The cell of a figure that was not measured.
inline constexpr const char* kNotMeasured = "—";

// `numerator / denominator` as a ratio cell ("1.23×", "27.4×", "117×": three significant
// digits), or kNotMeasured when the denominator is not positive.
std::string ratio(double numerator, double denominator);

// `value` with its sign always shown ("+1.5", "-0.3"), for differences.
std::string signedFixed(double value, int decimals);

// "low–high" of `values` (e.g. the rounds' figures, to show the machine's noise); `format` makes
// each end's text. kNotMeasured when empty.
template <typename Format>
std::string range(std::span<const double> values, Format format);
std::string range(std::span<const double> values, int decimals);

// Element by element: a[i] - b[i], or a[i] / b[i]. The shorter length wins.
std::vector<double> differences(std::span<const double> a, std::span<const double> b);
std::vector<double> ratios(std::span<const double> a, std::span<const double> b);

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
  std::size_t columns() const { return columns_.size(); }
  void print(std::ostream& out) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

template <typename Format>
std::string range(std::span<const double> values, Format format) {
  if (values.empty()) return kNotMeasured;
  double low = values.front(), high = values.front();
  for (double value : values) {
    low = value < low ? value : low;
    high = value > high ? value : high;
  }
  return format(low) + "–" + format(high);
}

}  // namespace weft::bench
