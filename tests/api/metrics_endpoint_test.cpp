#include "tests/api/api_fixture.hpp"

#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace orch::test;
using nlohmann::json;

namespace {

// One scrape: every sample by its name and labels as written
// (`name{a="1"}`), and whatever broke the format, line by line.
struct scrape {
  std::map<std::string, double> samples;
  std::vector<std::string> violations;

  double at(const std::string &series) const {
    auto it = samples.find(series);
    return it == samples.end() ? 0 : it->second;
  }
};

const std::regex help_line(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*)");
const std::regex
    type_line(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram))");
const std::regex sample_line(
    R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")"
    R"((?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? )"
    R"(([-+]?[0-9.eE+-]+|\+Inf|-Inf|NaN))");

// The family a sample belongs to: a histogram's series carry a suffix.
std::string family_of(const std::string &name,
                      const std::map<std::string, std::string> &types) {
  for (std::string suffix : {"_bucket", "_sum", "_count"}) {
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      auto base = name.substr(0, name.size() - suffix.size());
      auto it = types.find(base);
      if (it != types.end() && it->second == "histogram")
        return base;
    }
  }
  return name;
}

// Parses the text exposition format 0.0.4: HELP then TYPE once per family,
// before its samples; every sample line well formed and of a declared family.
scrape parse_scrape(const std::string &text) {
  scrape out;
  std::map<std::string, std::string> types;
  std::set<std::string> helped;
  std::istringstream lines(text);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, m, help_line)) {
      if (!helped.insert(m[1]).second)
        out.violations.push_back("second HELP: " + line);
    } else if (std::regex_match(line, m, type_line)) {
      if (!helped.count(m[1]) || !types.emplace(m[1], m[2]).second)
        out.violations.push_back("TYPE without HELP or twice: " + line);
    } else if (std::regex_match(line, m, sample_line)) {
      if (!types.count(family_of(m[1], types)))
        out.violations.push_back("sample of no declared family: " + line);
      out.samples[std::string(m[1]) + std::string(m[2])] = std::stod(m[3]);
    } else {
      out.violations.push_back("malformed: " + line);
    }
  }
  if (!text.empty() && text.back() != '\n')
    out.violations.push_back("no line feed at the end");
  return out;
}

class MetricsEndpoint : public api_fixture {
protected:
  scrape scrape_now() {
    auto response = call("GET", "/metrics", "");
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.header("content-type"), "text/plain; version=0.0.4");
    auto parsed = parse_scrape(response.body);
    EXPECT_TRUE(parsed.violations.empty())
        << ::testing::PrintToString(parsed.violations) << "\n"
        << response.body;
    return parsed;
  }

  // The job's status once it is terminal: the server answers as soon as it
  // ends (wait_ms), or after 30 s with its state then.
  std::string await_terminal(const std::string &id) {
    return parse(call("GET", "/api/jobs/" + id + "?wait_ms=30000", token("t1")))
        .value("status", "");
  }
};

const std::string submit_2xx =
    R"({route="/api/jobs/submit",method="POST",status="2xx"})";
const std::string submit_4xx =
    R"({route="/api/jobs/submit",method="POST",status="4xx"})";
const std::string duration = "orchestrator_http_request_duration_seconds";

TEST_P(MetricsEndpoint, CountersGaugesAndTheHistogramMoveWithTheRequests) {
  // Five completed noop jobs, one refused submit and one unknown path move
  // each metric by exactly that much; the text parses line by line.
  auto before = scrape_now();
  for (int i = 0; i < 5; ++i) {
    auto created = call("POST", "/api/jobs/submit", token("t1"),
                        R"({"task": {"kind": "noop"}})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(await_terminal(parse(created)["job_id"]), "completed");
  }
  EXPECT_EQ(call("POST", "/api/jobs/submit", "", "{}").status, 401);
  EXPECT_EQ(call("GET", "/no/such/path", "").status, 404);
  auto after = scrape_now();
  auto moved = [&](const std::string &series) {
    return after.at(series) - before.at(series);
  };
  EXPECT_EQ(moved("orchestrator_jobs_submitted_total"), 5);
  EXPECT_EQ(moved("orchestrator_jobs_completed_total"), 5);
  EXPECT_EQ(moved(R"(orchestrator_jobs_finished_total{outcome="completed"})"),
            5);
  EXPECT_EQ(moved(R"(orchestrator_jobs{state="completed"})"), 5);
  EXPECT_EQ(after.at(R"(orchestrator_jobs{state="pending"})"), 0);
  EXPECT_EQ(after.at("orchestrator_queue_depth"), 0);
  double workers = 0;
  for (std::string state :
       {"idle", "busy", "paused", "draining", "failed", "terminated"}) {
    auto series = R"(orchestrator_workers{state=")" + state + "\"}";
    EXPECT_EQ(after.samples.count(series), 1u) << series;
    workers += after.at(series);
  }
  EXPECT_EQ(workers, 2);
  EXPECT_EQ(moved(duration + "_count" + submit_2xx), 5);
  EXPECT_EQ(moved(duration + "_count" + submit_4xx), 1);
  EXPECT_GT(moved(duration + "_sum" + submit_2xx), 0);
  EXPECT_EQ(moved(duration +
                  R"(_count{route="unmatched",method="GET",status="4xx"})"),
            1);
  EXPECT_EQ(
      after.at(
          duration + "_bucket" +
          R"({route="/api/jobs/submit",method="POST",status="2xx",le="+Inf"})"),
      after.at(duration + "_count" + submit_2xx));
}

TEST_P(MetricsEndpoint, RoutesAreLabelledByTemplateNeverByPath) {
  // Lookups of two different job ids count in one series, the template's.
  auto before = scrape_now();
  call("GET", "/api/jobs/job-one", token("t1"));
  call("GET", "/api/jobs/job-two", token("t1"));
  auto after = scrape_now();
  EXPECT_EQ(
      after.at(duration +
               R"(_count{route="/api/jobs/{id}",method="GET",status="4xx"})") -
          before.at(
              duration +
              R"(_count{route="/api/jobs/{id}",method="GET",status="4xx"})"),
      2);
  for (const auto &[series, value] : after.samples)
    EXPECT_EQ(series.find("job-one"), std::string::npos) << series;
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsEndpoint,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
