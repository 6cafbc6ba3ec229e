#include "modules/audit/audit.h"

#include <sodium.h>

#include <array>

namespace civicgrid::audit {
namespace {

constexpr size_t kHashBytes = 32;

void AddField(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

// The bytes of a lowercase hex string; the text itself when it is not one.
std::string HexBytes(const std::string& hex) {
  std::string bin(hex.size() / 2, '\0');
  size_t len = 0;
  if (hex.size() != kHashBytes * 2 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != kHashBytes) {
    return hex;
  }
  return bin;
}

}  // namespace

const std::string kGenesisHash(kHashBytes * 2, '0');

std::string Digest(const std::string& text) {
  constexpr size_t kDigestBytes = 16;
  std::array<unsigned char, kDigestBytes> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  std::array<char, kDigestBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), kDigestBytes * 2);
}

std::string ChainHash(const std::string& prev_hash_hex, int64_t seq, const Record& r) {
  std::string msg;
  AddField(msg, HexBytes(prev_hash_hex));
  AddField(msg, std::to_string(seq));
  AddField(msg, std::to_string(r.at));
  AddField(msg, r.district_code);
  AddField(msg, r.kind);
  AddField(msg, std::to_string(r.actor_id));
  AddField(msg, r.subject);
  AddField(msg, r.detail);
  std::array<unsigned char, kHashBytes> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), nullptr, 0);
  std::array<char, kHashBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), kHashBytes * 2);
}

base::Result<VerifyResult> Verify(AuditRepository& repo) {
  // The tip first: entries appended while the scan runs (a live server) lie beyond it and are
  // left for the next run.
  auto tip = repo.GetTip();
  if (!tip) return tl::unexpected(tip.error());
  VerifyResult out;
  out.head = Tip{0, kGenesisHash};
  auto scanned = repo.Scan([&](const Entry& e) {
    if (e.seq > tip->seq && out.head.seq == tip->seq) return false;
    ++out.entries;
    const int64_t expected = out.head.seq + 1;
    if (e.seq != expected) {
      out.broken_seq = expected;
      out.reason = "entry " + std::to_string(expected) + " is missing (the next entry is " +
                   std::to_string(e.seq) + ")";
      return false;
    }
    if (e.prev_hash != out.head.hash) {
      out.broken_seq = e.seq;
      out.reason = "its previous hash does not match entry " + std::to_string(out.head.seq);
      return false;
    }
    if (ChainHash(e.prev_hash, e.seq, e.record) != e.hash) {
      out.broken_seq = e.seq;
      out.reason = "its content does not match its hash (edited)";
      return false;
    }
    out.head = Tip{e.seq, e.hash};
    return true;
  });
  if (!scanned) return tl::unexpected(scanned.error());
  if (out.broken_seq) return out;
  if (tip->seq > out.head.seq) {
    out.broken_seq = out.head.seq + 1;
    out.reason = "the log ends at entry " + std::to_string(out.head.seq) + " but " +
                 std::to_string(tip->seq) + " were written (entries removed from the end)";
  } else if (tip->seq != out.head.seq || tip->hash != out.head.hash) {
    out.broken_seq = tip->seq;
    out.reason = "the recorded end of the log does not match its last entry";
  }
  return out;
}

}  // namespace civicgrid::audit
