// labels: unit
// The store of finished jobs: records come back whole, a damaged one is recomputed rather than
// trusted, a different run's records are refused on --resume and cleared otherwise.
#include "cluster/job_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pathways::cluster {
namespace {

namespace fs = std::filesystem;

fs::path fresh(const std::string& name) {
  const fs::path p = fs::path(std::getenv("PATHWAYS_BINARY_DIR")) / "test-out" / name;
  fs::remove_all(p);
  return p;
}

TEST(JobStore, RecordsComeBackInTheirPhase) {
  const auto dir = fresh("job_store_basic");
  {
    JobStore s(dir, "run A", false);
    EXPECT_EQ(s.begin_phase(), 0);
    s.save(0, 7, std::string("seven\0bytes", 11));
    EXPECT_EQ(s.begin_phase(), 1);
    s.save(1, 0, "");
  }
  JobStore s(dir, "run A", true);
  EXPECT_EQ(s.records_found(), 2u);
  EXPECT_EQ(s.load(0, 7), std::string("seven\0bytes", 11));
  EXPECT_EQ(s.load(1, 0), std::string());
  EXPECT_FALSE(s.load(0, 0).has_value());
  EXPECT_FALSE(s.load(1, 7).has_value());
}

TEST(JobStore, ADamagedRecordIsRunAgain) {
  const auto dir = fresh("job_store_damaged");
  JobStore s(dir, "run A", false);
  s.save(0, 1, "a result of some length");
  s.save(0, 2, "another result");
  {
    // One byte of the payload flipped: the checksum no longer matches.
    std::fstream f(dir / "0-1.job", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.put('#');
  }
  fs::resize_file(dir / "0-2.job", 10);  // cut short, as by a crash without the atomic rename
  EXPECT_FALSE(s.load(0, 1).has_value());
  EXPECT_FALSE(s.load(0, 2).has_value());
}

TEST(JobStore, ResumingAnotherRunIsRefusedAndStartingAfreshClears) {
  const auto dir = fresh("job_store_other");
  { JobStore(dir, "run A", false).save(0, 0, "x"); }
  EXPECT_THROW(JobStore(dir, "run B", true), std::invalid_argument);
  EXPECT_TRUE(fs::exists(dir / "0-0.job")) << "a refused resume must not delete the records";
  JobStore s(dir, "run B", false);
  EXPECT_EQ(s.records_found(), 0u);
  EXPECT_FALSE(fs::exists(dir / "0-0.job"));
  s.remove();
  EXPECT_FALSE(fs::exists(dir));
}

TEST(JobStore, ResumingWithNoRecordsStarts) {
  const auto dir = fresh("job_store_none");
  JobStore s(dir, "run A", true);
  EXPECT_EQ(s.records_found(), 0u);
  EXPECT_TRUE(fs::exists(dir / "fingerprint.txt"));
}

}  // namespace
}  // namespace pathways::cluster
