// labels: unit determinism
// The job runner over MPI ranks, run by ctest under mpirun with 1, 2 and 3 ranks: results in job order
// on every rank, uneven jobs balanced dynamically, errors in a job or on one rank reaching every rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "cluster/cluster.hpp"
#include "cluster/jobs.hpp"

namespace pathways::cluster {
namespace {

TEST(Ranks, ResultsArriveInJobOrderOnEveryRank) {
  for (int threads : {1, 2}) {
    const auto out = run_everywhere<std::vector<double>>(
        50, threads, [](std::size_t i) { return std::vector<double>(i % 5, 0.1 * static_cast<double>(i)); });
    ASSERT_EQ(out.size(), 50u);
    for (std::size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(out[i], std::vector<double>(i % 5, 0.1 * static_cast<double>(i)))
          << i << " on rank " << rank();
    }
  }
}

TEST(Ranks, ABigResultCrossesWhole) {
  const auto out = run_everywhere<std::vector<double>>(3, 1, [](std::size_t i) {
    std::vector<double> v(400000);  // 3.2 MB: beyond Open MPI's eager limit
    for (std::size_t k = 0; k < v.size(); ++k) v[k] = static_cast<double>(i * k);
    return v;
  });
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(out[i][399999], static_cast<double>(i * 399999));
}

TEST(Ranks, UnevenJobsKeepEveryRankBusy) {
  // 30 jobs of 10 ms with a 60 ms job every seventh: dealt out one at a time, every rank's busy time
  // ends within about one long job of the others' (greedy list scheduling); a static split by index
  // would give one rank all the long jobs when the rank count divides 7.
  using namespace std::chrono_literals;
  BatchStats stats;
  JobHooks hooks;
  hooks.stats = &stats;
  const auto out = run_everywhere<double>(
      30, 1,
      [](std::size_t i) {
        std::this_thread::sleep_for(i % 7 == 0 ? 60ms : 10ms);
        return static_cast<double>(rank());
      },
      hooks);
  if (!is_first()) return;
  ASSERT_EQ(stats.jobs.size(), static_cast<std::size_t>(ranks()));
  std::size_t total = 0;
  for (std::size_t k = 0; k < stats.jobs.size(); ++k) {
    EXPECT_GT(stats.jobs[k], 0u) << "rank " << k << " ran no job";
    total += stats.jobs[k];
  }
  EXPECT_EQ(total, 30u);
  const auto [lo, hi] = std::minmax_element(stats.busy_seconds.begin(), stats.busy_seconds.end());
  // One long job (0.06 s) plus polling and scheduling slack on an oversubscribed machine.
  EXPECT_LE(*hi - *lo, 0.06 + 0.05) << "busy seconds per rank differ by more than one long job";
  // The results say who ran each job; their counts agree with the statistics.
  for (int k = 0; k < ranks(); ++k) {
    EXPECT_EQ(static_cast<std::size_t>(std::count(out.begin(), out.end(), static_cast<double>(k))),
              stats.jobs[static_cast<std::size_t>(k)]);
  }
}

TEST(Ranks, AFailedJobStopsEveryRankWithItsMessage) {
  const std::size_t bad = 5;
  try {
    run_everywhere<double>(12, 1, [&](std::size_t i) -> double {
      if (i == bad || i == 9) throw std::invalid_argument("job " + std::to_string(i) + " failed");
      return 1.0;
    });
    FAIL() << "no error on rank " << rank();
  } catch (const RemoteError& e) {
    // Ran elsewhere: the message and exit code of the lowest failing job.
    EXPECT_NE(std::string(e.what()).find("job 5 failed (on rank "), std::string::npos) << e.what();
    EXPECT_EQ(e.exit_code, 2);
  } catch (const std::invalid_argument& e) {
    // The rank that ran job 5 itself rethrows the original.
    EXPECT_EQ(std::string(e.what()), "job 5 failed");
  }
  EXPECT_TRUE(error_is_shared());
  // The ranks are still in step: the next batch runs.
  const auto again = run_everywhere<double>(4, 1, [](std::size_t i) { return static_cast<double>(i); });
  EXPECT_EQ(again[3], 3.0);
}

TEST(Ranks, AnErrorOnOneRankReachesAll) {
  const int last = ranks() - 1;
  try {
    on_every_rank([&] {
      if (rank() == last) throw std::runtime_error("cannot read the scenario here");
    });
    FAIL() << "no error on rank " << rank();
  } catch (const RemoteError& e) {
    EXPECT_NE(rank(), last);
    EXPECT_EQ(std::string(e.what()), "cannot read the scenario here (on rank " + std::to_string(last) + ")");
    EXPECT_EQ(e.exit_code, 3);
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(rank(), last);
  }
  // A first-rank-only step (writing files) that fails stops every rank too.
  EXPECT_ANY_THROW(on_first_rank([] { throw std::invalid_argument("disk full"); }));
  EXPECT_NO_THROW(on_first_rank([] {}));
}

}  // namespace
}  // namespace pathways::cluster

int main(int argc, char** argv) {
  pathways::cluster::Session mpi(argc, argv);
  pathways::cluster::set_exit_code_of([](std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::invalid_argument&) {
      return 2;
    } catch (...) {
      return 3;
    }
  });
  ::testing::InitGoogleTest(&argc, argv);
  if (!pathways::cluster::is_first()) {
    // One report, from the first rank; the others still fail the run through their exit code.
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  return RUN_ALL_TESTS();
}
