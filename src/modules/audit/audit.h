// The tamper-evident audit log: who did what to which case, and who read whose personal data.
// Entries form a hash chain (BLAKE2b-256 over the previous entry's hash and the entry's fields),
// so that editing, inserting or removing an entry is found by recomputing the chain (Verify).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace civicgrid::audit {

// What an entry records.
inline constexpr const char* kCaseEvent = "case_event";                 // an event of a case
inline constexpr const char* kPersonalDataRead = "personal_data_read";  // an unmasked phone shown
inline constexpr const char* kPersonalDataSent = "personal_data_sent";  // …or sent out (webhook)

struct Record {
  base::TimeMs at = 0;
  std::string district_code;
  std::string kind;
  int64_t actor_id = 0;  // 0: the system
  std::string subject;   // "case:<id>" …
  std::string detail;    // what happened, in a line
};

struct Entry {
  int64_t seq = 0;  // 1, 2, 3 … without gaps
  Record record;
  std::string prev_hash;  // hex; kGenesisHash for the first entry
  std::string hash;       // hex
};

// A short digest of free text (BLAKE2b-128, hex): what an entry keeps of a note, so that the
// note is covered by the chain without its words (personal data must stay erasable).
std::string Digest(const std::string& text);

// The previous hash of the first entry: 32 zero bytes in hex.
extern const std::string kGenesisHash;

// BLAKE2b-256 over the previous hash's bytes and the entry's fields (each length-prefixed), in
// lowercase hex. A malformed `prev_hash_hex` hashes as given, so that it cannot match.
std::string ChainHash(const std::string& prev_hash_hex, int64_t seq, const Record& r);

// The end of the chain as storage keeps it (audit_tip).
struct Tip {
  int64_t seq = 0;
  std::string hash;
};

// Implemented in storage; thread-safe. Appends are ordered across processes.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // Appends the records, in order, in one transaction.
  [[nodiscard]] virtual base::Status Append(const std::vector<Record>& records) = 0;
  // Every entry in sequence order; `visit` returns false to stop.
  [[nodiscard]] virtual base::Status Scan(const std::function<bool(const Entry&)>& visit) = 0;
  [[nodiscard]] virtual base::Result<Tip> GetTip() = 0;
  // The entries about `subject`, oldest first, at most `limit`.
  [[nodiscard]] virtual base::Result<std::vector<Entry>> ListBySubject(const std::string& subject,
                                                                       int limit) = 0;
};

struct VerifyResult {
  int64_t entries = 0;  // read
  Tip head;             // the last good entry
  // The first entry that does not hold, and why; empty when the whole chain holds.
  std::optional<int64_t> broken_seq;
  std::string reason;
};

// Recomputes the chain from the first entry and checks it ends at the tip.
[[nodiscard]] base::Result<VerifyResult> Verify(AuditRepository& repo);

}  // namespace civicgrid::audit
