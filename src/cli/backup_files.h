// File work for `civicgrid backup` and `restore`: durable copies that digest what they copy, and
// the fsync of a directory (a new or renamed entry is durable only once its directory is).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace civicgrid::cli {

struct FileDigest {
  int64_t bytes = 0;
  std::string sha256;   // lowercase hex: what a backup's manifest records of its database file
  std::string blake2b;  // lowercase hex, BLAKE2b-256: a photo's name (storage/sql/attachment_store)
};

// Reads the file at `path` and digests it. kNotFound when it does not exist; kUnavailable when
// it cannot be read.
[[nodiscard]] base::Result<FileDigest> DigestFile(const std::string& path);

// Copies `from` into a new file `to` (its directory is created; an existing `to` is replaced),
// fsyncs it, and returns the digest of the bytes copied. The new name is made durable by the
// caller's SyncDirectory of its directory. kNotFound when `from` does not exist;
// kResourceExhausted when the disk is full; kUnavailable on other I/O errors.
[[nodiscard]] base::Result<FileDigest> CopyDurably(const std::string& from, const std::string& to);

// Writes `text` to a new file `path` and fsyncs it.
[[nodiscard]] base::Status WriteDurably(const std::string& path, const std::string& text);

// fsyncs the directory `dir`, so that the names created or renamed in it survive a crash.
[[nodiscard]] base::Status SyncDirectory(const std::string& dir);

}  // namespace civicgrid::cli
