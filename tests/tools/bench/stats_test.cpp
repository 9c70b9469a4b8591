#include "tools/bench/stats.h"

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

using weft::bench::counted;
using weft::bench::differences;
using weft::bench::fixed;
using weft::bench::median;
using weft::bench::quantile;
using weft::bench::range;
using weft::bench::ratio;
using weft::bench::ratios;
using weft::bench::signedFixed;
using weft::bench::summarize;
using weft::bench::Table;

TEST_CASE("median is the middle sample, or the mean of the two middle ones") {
  CHECK(median(std::vector<double>{3, 1, 2}) == 2);
  CHECK(median(std::vector<double>{4, 1, 3, 2}) == 2.5);
  CHECK(median(std::vector<double>{7}) == 7);
  CHECK(median(std::vector<double>{}) == 0);
}

TEST_CASE("quantiles use the nearest rank, so they are always a measured sample") {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i);  // 1..100, unsorted
  CHECK(quantile(samples, 0.99) == 99);
  CHECK(quantile(samples, 0.5) == 50);
  CHECK(quantile(samples, 1.0) == 100);
  CHECK(quantile(samples, 0.0) == 1);
  CHECK(quantile(std::vector<double>{5, 1}, 0.99) == 5);
}

TEST_CASE("summarize reports count, extremes, median, p99 and mean") {
  const auto s = summarize(std::vector<double>{2, 8, 4, 6});
  CHECK(s.count == 4);
  CHECK(s.min == 2);
  CHECK(s.max == 8);
  CHECK(s.median == 5);
  CHECK(s.p99 == 8);
  CHECK(s.mean == 5);
  CHECK(summarize(std::vector<double>{}).count == 0);
}

TEST_CASE("fixed prints a set number of decimals") {
  CHECK(fixed(12.345, 1) == "12.3");
  CHECK(fixed(3, 2) == "3.00");
  CHECK(fixed(0.05, 0) == "0");
}

TEST_CASE("a table sizes columns to their widest cell, counting UTF-8 characters") {
  Table table({{"op", Table::Align::Left}, {"ns"}, {"goal", Table::Align::Left}});
  table.addRow({"schedule", "5.0", "≥ 25×"});
  table.addRow({"fire", "123.4", "met"});
  std::ostringstream out;
  table.print(out);
  CHECK(out.str() ==
        "op           ns  goal\n"
        "----------------------\n"
        "schedule    5.0  ≥ 25×\n"
        "fire      123.4  met\n");
}

TEST_CASE("a row whose last cells are empty ends without blanks") {
  Table table({{"figure", Table::Align::Left}, {"weft"}, {"weft/raw"}});
  table.addRow({"CPU %", "1.20", "1.10×"});
  table.addRow({"kernel %", "60", ""});
  std::ostringstream out;
  table.print(out);
  CHECK(out.str() ==
        "figure    weft  weft/raw\n"
        "------------------------\n"
        "CPU %     1.20     1.10×\n"
        "kernel %    60\n");
}

TEST_CASE("ratio cells keep three significant digits, and a missing denominator is no ratio") {
  CHECK(ratio(1.234, 1) == "1.23×");
  CHECK(ratio(27.44, 1) == "27.4×");
  CHECK(ratio(1170, 10) == "117×");
  CHECK(ratio(1, 0) == "—");
  CHECK(ratio(1, -2) == "—");
}

TEST_CASE("signedFixed always shows the sign, and range spans the smallest to the largest") {
  CHECK(signedFixed(1.26, 1) == "+1.3");
  CHECK(signedFixed(-0.3, 1) == "-0.3");
  CHECK(signedFixed(0, 0) == "+0");
  CHECK(range(std::vector<double>{3, 1, 2}, 1) == "1.0–3.0");
  CHECK(range(std::vector<double>{-1, 2}, [](double v) { return signedFixed(v, 0); }) == "-1–+2");
  CHECK(range(std::vector<double>{}, 1) == "—");
}

TEST_CASE("counted makes a plural unless there is one") {
  CHECK(counted(1, "round") == "1 round");
  CHECK(counted(5, "round") == "5 rounds");
  CHECK(counted(0, "sender") == "0 senders");
}

TEST_CASE("differences and ratios pair the figures of the same round") {
  CHECK(differences(std::vector<double>{5, 7}, std::vector<double>{2, 10}) ==
        std::vector<double>{3, -3});
  CHECK(ratios(std::vector<double>{6, 1}, std::vector<double>{3, 4, 9}) ==
        std::vector<double>{2, 0.25});
}
