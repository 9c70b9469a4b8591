#include "tools/bench/stats.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <ostream>

#include "net/core/assert.h"

namespace weft::bench {

namespace {

std::vector<double> sorted(std::span<const double> samples) {
  std::vector<double> copy(samples.begin(), samples.end());
  std::sort(copy.begin(), copy.end());
  return copy;
}

double nearestRank(const std::vector<double>& sortedSamples, double q) {
  if (sortedSamples.empty()) return 0;
  const double n = static_cast<double>(sortedSamples.size());
  const auto rank = static_cast<std::size_t>(std::ceil(std::clamp(q, 0.0, 1.0) * n));
  return sortedSamples[std::max<std::size_t>(rank, 1) - 1];
}

double middle(const std::vector<double>& sortedSamples) {
  const std::size_t n = sortedSamples.size();
  if (n == 0) return 0;
  if (n % 2 == 1) return sortedSamples[n / 2];
  return (sortedSamples[n / 2 - 1] + sortedSamples[n / 2]) / 2;
}

// Display width of UTF-8 text: one column per code point (no wide or combining characters
// appear in weft-bench's tables).
std::size_t displayWidth(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

Summary summarize(std::span<const double> samples) {
  Summary summary;
  if (samples.empty()) return summary;
  const std::vector<double> s = sorted(samples);
  summary.count = s.size();
  summary.min = s.front();
  summary.median = middle(s);
  summary.p99 = nearestRank(s, 0.99);
  summary.max = s.back();
  summary.mean = std::accumulate(s.begin(), s.end(), 0.0) / static_cast<double>(s.size());
  return summary;
}

double quantile(std::span<const double> samples, double q) {
  return nearestRank(sorted(samples), q);
}

double median(std::span<const double> samples) {
  return middle(sorted(samples));
}

std::string buildDescription() {
#if defined(__clang__)
  std::string text = "clang " __clang_version__;
  while (text.back() == ' ') text.pop_back();  // clang's version string ends in a space
#else
  std::string text = "gcc " __VERSION__;
#endif
#if !defined(__OPTIMIZE__)
  text += ", NOT optimised: figures are not meaningful";
#else
  text += ", optimised";
#endif
#if defined(__SANITIZE_ADDRESS__)
  text += ", with AddressSanitizer: figures are not meaningful";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  text += ", with AddressSanitizer: figures are not meaningful";
#endif
#endif
  return text;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (ec != std::errc{}) return "?";  // only for absurd magnitudes; a table cell, not data
  return std::string(buffer, end);
}

std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string ratio(double numerator, double denominator) {
  if (!(denominator > 0)) return kNotMeasured;
  const double r = numerator / denominator;
  return fixed(r, r >= 100 ? 0 : r >= 10 ? 1 : 2) + "×";
}

std::string signedFixed(double value, int decimals) {
  return (value >= 0 ? "+" : "") + fixed(value, decimals);
}

std::string range(std::span<const double> values, int decimals) {
  return range(values, [decimals](double value) { return fixed(value, decimals); });
}

std::vector<double> differences(std::span<const double> a, std::span<const double> b) {
  std::vector<double> result;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) result.push_back(a[i] - b[i]);
  return result;
}

std::vector<double> ratios(std::span<const double> a, std::span<const double> b) {
  std::vector<double> result;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) result.push_back(a[i] / b[i]);
  return result;
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {
  WEFT_ASSERT(!columns_.empty(), "a Table needs at least one column");
}

void Table::addRow(std::vector<std::string> cells) {
  WEFT_ASSERT(cells.size() == columns_.size(), "Table::addRow needs one cell per column");
  rows_.push_back(std::move(cells));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths;
  for (const Column& column : columns_) widths.push_back(displayWidth(column.header));
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
  }

  const auto printRow = [&](auto cellAt) {
    std::string line;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& cell = cellAt(c);
      const std::string gap(widths[c] - displayWidth(cell), ' ');
      if (c > 0) line += "  ";
      line += columns_[c].align == Align::Right ? gap + cell : cell + gap;
    }
    line.erase(line.find_last_not_of(' ') + 1);  // no trailing blanks, whatever the last cells
    out << line << '\n';
  };

  printRow([&](std::size_t c) -> const std::string& { return columns_[c].header; });
  std::size_t total = 0;
  for (std::size_t width : widths) total += width;
  out << std::string(total + 2 * (widths.size() - 1), '-') << '\n';
  for (const auto& row : rows_) {
    printRow([&](std::size_t c) -> const std::string& { return row[c]; });
  }
}

}  // namespace weft::bench
