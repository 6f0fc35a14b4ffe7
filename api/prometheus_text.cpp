#include "api/prometheus_text.hpp"

#include <charconv>
#include <cmath>

namespace orch::api {

namespace {

std::string escape(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quotes)
      out += "\\\"";
    else
      out += c;
  }
  return out;
}

void append_labels(std::string &out, const metric_labels &labels) {
  if (labels.empty())
    return;
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0)
      out += ',';
    out += labels[i].first;
    out += "=\"";
    out += escape_label_value(labels[i].second);
    out += '"';
  }
  out += '}';
}

} // namespace

std::string escape_label_value(std::string_view value) {
  return escape(value, true);
}

std::string escape_help(std::string_view text) {
  return escape(text, false);
}

std::string format_sample_value(double value) {
  if (std::isnan(value))
    return "NaN";
  if (std::isinf(value))
    return value > 0 ? "+Inf" : "-Inf";
  // Integers up to 2^53 are exact in a double: print them without exponent.
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
    return std::to_string(static_cast<std::int64_t>(value));
  // Bucket bounds read as written ("0.0005", not "5e-04"); extremes stay
  // short in scientific notation.
  auto magnitude = std::fabs(value);
  auto format = magnitude >= 1e-6 && magnitude < 1e15
                    ? std::chars_format::fixed
                    : std::chars_format::general;
  char buffer[64];
  auto written = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return std::string(buffer, written.ptr);
}

void prometheus_text::family(std::string_view name, std::string_view type,
                             std::string_view help) {
  text_.append("# HELP ").append(name).append(" ");
  text_.append(escape_help(help)).append("\n");
  text_.append("# TYPE ").append(name).append(" ");
  text_.append(type).append("\n");
}

void prometheus_text::sample(std::string_view name, const metric_labels &labels,
                             double value) {
  text_.append(name);
  append_labels(text_, labels);
  text_.append(" ").append(format_sample_value(value)).append("\n");
}

void prometheus_text::histogram(std::string_view name,
                                const std::vector<double> &bounds,
                                const histogram_sample &series) {
  const std::string base(name);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += i < series.counts.size() ? series.counts[i] : 0;
    auto labels = series.labels;
    labels.emplace_back("le", i < bounds.size() ? format_sample_value(bounds[i])
                                                : std::string("+Inf"));
    sample(base + "_bucket", labels, static_cast<double>(cumulative));
  }
  sample(base + "_sum", series.labels, series.sum);
  sample(base + "_count", series.labels, static_cast<double>(cumulative));
}

} // namespace orch::api
