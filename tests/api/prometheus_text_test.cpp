#include "api/prometheus_text.hpp"
#include "api/request_timings.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace orch::api;

namespace {

TEST(PrometheusText, LabelValuesEscapeBackslashQuoteAndLineFeed) {
  // The three characters the format escapes in label values, and only those.
  EXPECT_EQ(escape_label_value(R"(a\b"c)"
                               "\n"
                               "d\te"),
            R"(a\\b\"c\nd)"
            "\te");
  EXPECT_EQ(escape_label_value("/api/jobs/{job_id}"), "/api/jobs/{job_id}");
}

TEST(PrometheusText, HelpEscapesBackslashAndLineFeedButNotQuotes) {
  // HELP text keeps double quotes as they are.
  EXPECT_EQ(escape_help("say \"hi\"\\\nbye"), R"(say "hi"\\\nbye)");
}

TEST(PrometheusText, ValuesAreIntegersInfinitiesNaNOrShortestDecimals) {
  // Counts print without a fraction; special values use the format's words.
  EXPECT_EQ(format_sample_value(0), "0");
  EXPECT_EQ(format_sample_value(12345678901), "12345678901");
  EXPECT_EQ(format_sample_value(-3), "-3");
  EXPECT_EQ(format_sample_value(0.0005), "0.0005");
  EXPECT_EQ(format_sample_value(2.5), "2.5");
  EXPECT_EQ(format_sample_value(1e-9), "1e-09");
  EXPECT_EQ(format_sample_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_sample_value(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(format_sample_value(0.0 / 0.0), "NaN");
}

TEST(PrometheusText, AFamilyIsHelpThenTypeThenItsSamples) {
  // Exact lines: HELP, TYPE, an unlabelled and a labelled sample.
  prometheus_text out;
  out.family("x_total", "counter", "How many\nx.");
  out.sample("x_total", {}, 3);
  out.sample("x_total", {{"a", "1"}, {"b", "q\""}}, 4);
  EXPECT_EQ(out.text(), "# HELP x_total How many\\nx.\n"
                        "# TYPE x_total counter\n"
                        "x_total 3\n"
                        "x_total{a=\"1\",b=\"q\\\"\"} 4\n");
}

TEST(PrometheusText, HistogramBucketsAreCumulativeWithLeLastAndCountIsInf) {
  // Per-bucket counts 1, 0, 2 and 3 above every bound become 1, 1, 3, 6.
  prometheus_text out;
  out.histogram("d_seconds", {0.1, 1, 2.5},
                {{{"route", "/r"}}, {1, 0, 2, 3}, 7.25});
  EXPECT_EQ(out.text(), "d_seconds_bucket{route=\"/r\",le=\"0.1\"} 1\n"
                        "d_seconds_bucket{route=\"/r\",le=\"1\"} 1\n"
                        "d_seconds_bucket{route=\"/r\",le=\"2.5\"} 3\n"
                        "d_seconds_bucket{route=\"/r\",le=\"+Inf\"} 6\n"
                        "d_seconds_sum{route=\"/r\"} 7.25\n"
                        "d_seconds_count{route=\"/r\"} 6\n");
}

TEST(RequestTimings, ABoundIsInclusiveAndStatusesGoToTheirClass) {
  // 0.5 ms lands in le=0.0005, 0.6 ms in le=0.001, 10 s above every bound;
  // a 404 and a 201 are separate series; unused classes are not listed.
  request_timings timings;
  auto &s = timings.add("GET", "/api/jobs/{id}");
  s.record(201, std::chrono::microseconds(500));
  s.record(201, std::chrono::microseconds(600));
  s.record(201, std::chrono::seconds(10));
  s.record(404, std::chrono::milliseconds(3));
  auto samples = timings.samples();
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].labels, (metric_labels{{"route", "/api/jobs/{id}"},
                                              {"method", "GET"},
                                              {"status", "2xx"}}));
  EXPECT_EQ(samples[0].counts[0], 1u);
  EXPECT_EQ(samples[0].counts[1], 1u);
  EXPECT_EQ(samples[0].counts.back(), 1u);
  EXPECT_DOUBLE_EQ(samples[0].sum, 10.0011);
  EXPECT_EQ(samples[1].labels.back().second, "4xx");
  EXPECT_EQ(samples[1].counts[3], 1u); // le=0.005
}

TEST(RequestTimings, ConcurrentRecordsAreAllCounted) {
  // Two threads record 100,000 requests each into one series; none is lost.
  request_timings timings;
  auto &s = timings.add("POST", "/api/jobs/submit");
  auto record = [&s] {
    for (int i = 0; i < 100000; ++i)
      s.record(201, std::chrono::microseconds(1));
  };
  std::thread a(record), b(record);
  a.join();
  b.join();
  auto samples = timings.samples();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].counts[0], 200000u);
  EXPECT_DOUBLE_EQ(samples[0].sum, 0.2);
}

} // namespace
