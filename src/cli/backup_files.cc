#include "cli/backup_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

namespace civicgrid::cli {
namespace {

constexpr size_t kChunk = size_t{1} << 20;

base::Error IoError(const std::string& what, int err) {
  return base::Error{err == ENOSPC ? base::Code::kStorageFull : base::Code::kUnavailable,
                     what + ": " + std::generic_category().message(err),
                     {},
                     {}};
}

template <size_t N>
std::string Hex(const std::array<unsigned char, N>& bytes) {
  std::string hex(N * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

class Digester {
 public:
  Digester() {
    crypto_hash_sha256_init(&sha_);
    crypto_generichash_init(&blake_, nullptr, 0, crypto_generichash_BYTES);
  }
  void Add(const unsigned char* data, size_t n) {
    crypto_hash_sha256_update(&sha_, data, n);
    crypto_generichash_update(&blake_, data, n);
    bytes_ += static_cast<int64_t>(n);
  }
  FileDigest Finish() {
    std::array<unsigned char, crypto_hash_sha256_BYTES> sha{};
    std::array<unsigned char, crypto_generichash_BYTES> blake{};
    crypto_hash_sha256_final(&sha_, sha.data());
    crypto_generichash_final(&blake_, blake.data(), blake.size());
    return FileDigest{bytes_, Hex(sha), Hex(blake)};
  }

 private:
  crypto_hash_sha256_state sha_{};
  crypto_generichash_state blake_{};
  int64_t bytes_ = 0;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd& operator=(Fd&&) = delete;
  int Get() const { return fd_; }
  // Closes now, reporting the error close(2) may carry from a delayed write.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

base::Result<Fd> OpenForReading(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.Get() < 0 && errno == ENOENT) return base::NotFound(path + " does not exist");
  if (fd.Get() < 0) return tl::unexpected(IoError("cannot read " + path, errno));
  return fd;
}

// Reads the whole of `in` into the digest, handing each chunk to `sink` too.
template <typename Sink>
base::Result<FileDigest> Pump(int in, const std::string& path, Sink&& sink) {
  if (sodium_init() < 0) return base::Internal("libsodium failed to start");
  Digester digest;
  std::vector<unsigned char> buf(kChunk);
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return tl::unexpected(IoError("cannot read " + path, errno));
    if (n == 0) break;
    digest.Add(buf.data(), static_cast<size_t>(n));
    if (auto st = sink(buf.data(), static_cast<size_t>(n)); !st) return tl::unexpected(st.error());
  }
  return digest.Finish();
}

base::Status WriteAll(int fd, const unsigned char* data, size_t n, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    ssize_t w = ::write(fd, data + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return tl::unexpected(IoError("cannot write " + path, errno));
    done += static_cast<size_t>(w);
  }
  return base::Ok();
}

base::Result<Fd> Create(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return base::Fail(base::Code::kUnavailable, "cannot create the directory of " + path);
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
  if (fd.Get() < 0) return tl::unexpected(IoError("cannot create " + path, errno));
  return fd;
}

base::Status SyncAndClose(Fd& fd, const std::string& path) {
  if (::fsync(fd.Get()) != 0) return tl::unexpected(IoError("fsync of " + path, errno));
  if (fd.Close() != 0) return tl::unexpected(IoError("cannot write " + path, errno));
  return base::Ok();
}

}  // namespace

base::Result<FileDigest> DigestFile(const std::string& path) {
  auto in = OpenForReading(path);
  if (!in) return tl::unexpected(in.error());
  return Pump(in->Get(), path, [](const unsigned char*, size_t) { return base::Ok(); });
}

base::Result<FileDigest> CopyDurably(const std::string& from, const std::string& to) {
  auto in = OpenForReading(from);
  if (!in) return tl::unexpected(in.error());
  auto out = Create(to);
  if (!out) return tl::unexpected(out.error());
  auto digest = Pump(in->Get(), from, [&](const unsigned char* data, size_t n) {
    return WriteAll(out->Get(), data, n, to);
  });
  if (!digest) return digest;
  if (auto st = SyncAndClose(*out, to); !st) return tl::unexpected(st.error());
  return digest;
}

base::Status WriteDurably(const std::string& path, const std::string& text) {
  auto out = Create(path);
  if (!out) return tl::unexpected(out.error());
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  if (auto st = WriteAll(out->Get(), data, text.size(), path); !st) return st;
  return SyncAndClose(*out, path);
}

base::Status SyncDirectory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.Get() < 0 || ::fsync(fd.Get()) != 0) {
    return tl::unexpected(IoError("fsync of the directory " + dir, errno));
  }
  return base::Ok();
}

}  // namespace civicgrid::cli
