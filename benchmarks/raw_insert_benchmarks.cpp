// The reference for the durable job benchmark: rows inserted per second into
// a plain table of the same backend through SOCI, with a prepared statement
// and `rows_per_commit` rows per transaction, as fast as this backend stores
// rows with nothing of ours around it.
#include "benchmarks/bench_database.hpp"
#include "persistence/database.hpp"
#include "persistence/database_url.hpp"

#include <benchmark/benchmark.h>

namespace orch {
namespace {

constexpr std::int64_t rows_per_batch = 5000;

// About the size of a job snapshot row.
const std::string row_body(300, 'x');

void insert_batch(soci::session &sql, std::int64_t first,
                  std::int64_t rows_per_commit) {
  std::string id;
  soci::statement insert =
      (sql.prepare << "INSERT INTO bench_raw (id, body) VALUES (:id, :body)",
       soci::use(id), soci::use(row_body));
  for (std::int64_t done = 0; done < rows_per_batch;) {
    soci::transaction tx(sql);
    for (std::int64_t i = 0; i < rows_per_commit && done < rows_per_batch;
         ++i, ++done) {
      id = "row-" + std::to_string(first + done);
      insert.execute(true);
    }
    tx.commit();
  }
}

void BM_raw_insert(benchmark::State &state) {
  bench::bench_database db(state.range(0));
  if (db.url().empty())
    return state.SkipWithError("ORCH_BENCH_POSTGRES_URL is not set");
  auto target = std::get<persistence::connection_target>(
      persistence::parse_database_url(db.url()));
  auto sql = persistence::open_session(target);
  *sql << "DROP TABLE IF EXISTS bench_raw";
  *sql << "CREATE TABLE bench_raw (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
  std::int64_t first = 0;
  for (auto _ : state) {
    insert_batch(*sql, first, state.range(1));
    first += rows_per_batch;
  }
  *sql << "DROP TABLE bench_raw";
  state.SetItemsProcessed(state.iterations() * rows_per_batch);
}
BENCHMARK(BM_raw_insert)
    ->ArgNames({"backend", "rows_per_commit"})
    ->Args({0, 256})
    ->Args({1, 256})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace
} // namespace orch
