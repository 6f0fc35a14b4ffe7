#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orch::api {

// The Content-Type of the Prometheus text exposition format 0.0.4.
inline constexpr const char *prometheus_content_type =
    "text/plain; version=0.0.4";

using metric_labels = std::vector<std::pair<std::string, std::string>>;

// A label value with backslash, double quote and line feed escaped.
std::string escape_label_value(std::string_view value);
// HELP text with backslash and line feed escaped.
std::string escape_help(std::string_view text);
// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN", other
// numbers in the shortest form that reads back the same.
std::string format_sample_value(double value);

// One histogram series: counts per upper bound (not cumulative, the last
// one above every bound, for +Inf) and the sum of observed values.
struct histogram_sample {
  metric_labels labels;
  std::vector<std::uint64_t> counts;
  double sum = 0;
};

// Writes a scrape in the text exposition format: each family's HELP and
// TYPE lines, then its samples, families never interleaved.
class prometheus_text {
public:
  // Starts a family; `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type,
              std::string_view help);
  void sample(std::string_view name, const metric_labels &labels, double value);
  // The `_bucket` (cumulative, `le` label last), `_sum` and `_count` lines
  // of one series of the histogram family `name`.
  void histogram(std::string_view name, const std::vector<double> &bounds,
                 const histogram_sample &series);
  const std::string &text() const { return text_; }

private:
  std::string text_;
};

} // namespace orch::api
