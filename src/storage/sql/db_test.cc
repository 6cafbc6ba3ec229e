// Group commit on a real SQLite file: concurrent writes share transactions, a write that fails is
// undone alone, every acknowledged write is there, and reads see what was acknowledged.
#include "storage/sql/db.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "storage/database.h"

namespace civicgrid::storage::sql {
namespace {

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("civicgrid-db-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = OpenDatabase((dir_ / "t.db").string(), OpenOptions{});
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    auto made = db_->Exclusive<void>(
        [](Db& d) { d.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"); });
    ASSERT_TRUE(made) << made.error().message;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  int64_t Count(const std::string& where = "1=1") {
    auto n = db_->With<int64_t>(false, [&](Db& d) {
      Stmt s(d, "SELECT COUNT(*) FROM t WHERE " + where);
      return s.Step() ? s.Int(0) : -1;
    });
    return n ? *n : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(DbTest, ConcurrentWritesCommitAndAFailingOneIsUndoneAlone) {
  constexpr int kThreads = 24;
  constexpr int kWritesEach = 40;
  std::atomic<int> acknowledged{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        int key = t * kWritesEach + i;
        bool fail = key % 7 == 3;
        auto r = db_->With<int64_t>(true, [&](Db& d) {
          Stmt s(d, "INSERT INTO t (k, v) VALUES (?, ?)");
          s.Bind(1, int64_t{key}).Bind(2, std::string_view(fail ? "doomed" : "kept")).Run();
          if (fail) throw DbError(base::Code::kConflict, "refused after writing");
          return int64_t{key};
        });
        if (r) {
          EXPECT_EQ(*r, key);
          ++acknowledged;
        } else {
          EXPECT_TRUE(fail) << r.error().message;
          EXPECT_EQ(r.error().code, base::Code::kConflict);
          ++refused;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acknowledged + refused, kThreads * kWritesEach);
  EXPECT_GT(refused.load(), 0);
  EXPECT_EQ(Count(), acknowledged.load());  // every acknowledged write, nothing else
  EXPECT_EQ(Count("v = 'doomed'"), 0);
}

TEST_F(DbTest, AConstraintViolationFailsOnlyItsWrite) {
  ASSERT_TRUE(db_->With<void>(true, [](Db& d) {
    Stmt s(d, "INSERT INTO t (k, v) VALUES (1, 'first')");
    s.Run();
  }));
  std::vector<std::thread> threads;
  std::atomic<int> conflicts{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto r = db_->With<void>(true, [&](Db& d) {
        Stmt s(d, "INSERT INTO t (k, v) VALUES (?, 'again')");
        s.Bind(1, int64_t{t % 2 == 0 ? 1 : 100 + t}).Run();  // even threads collide with key 1
      });
      if (!r) {
        EXPECT_EQ(r.error().code, base::Code::kConflict);
        ++conflicts;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(conflicts.load(), 4);
  EXPECT_EQ(Count(), 5);
  EXPECT_EQ(Count("k = 1 AND v = 'first'"), 1);
}

TEST_F(DbTest, ReadersSeeEveryAcknowledgedWriteAtOnce) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(db_->With<void>(true, [&](Db& d) {
      Stmt s(d, "INSERT INTO t (k, v) VALUES (?, 'x')");
      s.Bind(1, int64_t{i}).Run();
    }));
    ASSERT_EQ(Count(), i + 1);
  }
}

TEST_F(DbTest, ReadersCannotWrite) {
  auto r = db_->With<void>(false, [](Db& d) {
    Stmt s(d, "INSERT INTO t (k, v) VALUES (1, 'sneaky')");
    s.Run();
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(Count(), 0);
}

}  // namespace
}  // namespace civicgrid::storage::sql
