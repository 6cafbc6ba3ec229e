#include "modules/audit/audit.h"

#include <gtest/gtest.h>

namespace civicgrid::audit {
namespace {

// The chain as a vector, appended the way storage appends.
class VectorLog final : public AuditRepository {
 public:
  base::Status Append(const std::vector<Record>& records) override {
    for (const auto& r : records) {
      Entry e{tip_.seq + 1, r, tip_.hash, ""};
      e.hash = ChainHash(e.prev_hash, e.seq, r);
      tip_ = Tip{e.seq, e.hash};
      entries.push_back(e);
    }
    return base::Ok();
  }
  base::Status Scan(const std::function<bool(const Entry&)>& visit) override {
    for (const auto& e : entries) {
      if (!visit(e)) break;
    }
    return base::Ok();
  }
  base::Result<Tip> GetTip() override { return tip_; }
  base::Result<std::vector<Entry>> ListBySubject(const std::string&, int) override {
    return entries;
  }
  std::vector<Entry> entries;

 private:
  Tip tip_{0, kGenesisHash};
};

Record Sample(int i) {
  return Record{1000 + i,
                "310105000000",
                kCaseEvent,
                7,
                "case:" + std::to_string(i),
                "register reported→registered"};
}

VectorLog Filled(int n) {
  VectorLog log;
  for (int i = 1; i <= n; ++i) EXPECT_TRUE(log.Append({Sample(i)}));
  return log;
}

TEST(AuditChainTest, AnIntactChainVerifiesToItsTip) {
  auto log = Filled(5);
  auto v = Verify(log);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->broken_seq.has_value()) << v->reason;
  EXPECT_EQ(v->entries, 5);
  EXPECT_EQ(v->head.seq, 5);
  EXPECT_EQ(v->head.hash, log.entries.back().hash);
  EXPECT_EQ(log.entries.front().prev_hash, kGenesisHash);
  EXPECT_EQ(log.entries.front().hash.size(), 64U);
}

TEST(AuditChainTest, EveryFieldIsCovered) {
  const Record r = Sample(1);
  const std::string h = ChainHash(kGenesisHash, 1, r);
  auto changed = [&](auto edit) {
    Record c = r;
    edit(c);
    return ChainHash(kGenesisHash, 1, c) != h;
  };
  EXPECT_TRUE(changed([](Record& c) { c.at += 1; }));
  EXPECT_TRUE(changed([](Record& c) { c.district_code = "310106000000"; }));
  EXPECT_TRUE(changed([](Record& c) { c.kind = kPersonalDataRead; }));
  EXPECT_TRUE(changed([](Record& c) { c.actor_id = 8; }));
  EXPECT_TRUE(changed([](Record& c) { c.subject = "case:2"; }));
  EXPECT_TRUE(changed([](Record& c) { c.detail += "."; }));
  EXPECT_NE(ChainHash(kGenesisHash, 2, r), h);
  EXPECT_NE(ChainHash(std::string(64, '1'), 1, r), h);
  // Fields are length-prefixed: moving a character between two fields changes the hash.
  Record a = r;
  a.subject = "case:1r";
  a.detail = "egister reported→registered";
  EXPECT_NE(ChainHash(kGenesisHash, 1, a), h);
}

TEST(AuditChainTest, AnEditedEntryIsNamed) {
  auto log = Filled(5);
  log.entries[2].record.detail = "close";
  auto v = Verify(log);
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->broken_seq.has_value());
  EXPECT_EQ(*v->broken_seq, 3);
  EXPECT_EQ(v->head.seq, 2);
}

TEST(AuditChainTest, ARehashedEditBreaksTheNextEntry) {
  auto log = Filled(5);
  auto& e = log.entries[2];
  e.record.detail = "close";
  e.hash = ChainHash(e.prev_hash, e.seq, e.record);
  auto v = Verify(log);
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->broken_seq.has_value());
  EXPECT_EQ(*v->broken_seq, 4);
}

TEST(AuditChainTest, ARemovedEntryIsNamed) {
  auto log = Filled(5);
  log.entries.erase(log.entries.begin() + 1);
  auto v = Verify(log);
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->broken_seq.has_value());
  EXPECT_EQ(*v->broken_seq, 2);
  EXPECT_NE(v->reason.find("missing"), std::string::npos);
}

TEST(AuditChainTest, EntriesCutFromTheEndAreFound) {
  auto log = Filled(5);
  log.entries.pop_back();
  auto v = Verify(log);
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->broken_seq.has_value());
  EXPECT_EQ(*v->broken_seq, 5);
}

}  // namespace
}  // namespace civicgrid::audit
