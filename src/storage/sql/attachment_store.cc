#include "storage/sql/attachment_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace civicgrid::storage::sql {
namespace {

std::string Digest(std::string_view bytes) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  std::string hex(out.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), out.data(), out.size());
  hex.pop_back();
  return hex;
}

bool IsHexId(const std::string& id) {
  return id.size() == crypto_generichash_BYTES * 2 &&
         id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Writes the file durably: a temporary name, fsync, rename, fsync of the directory.
base::Status WriteDurably(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    return base::Fail(base::Code::kUnavailable, "cannot create " + path.parent_path().string());
  // A unique temporary name: two uploads of the same photo may race to the same final name,
  // and the rename makes whichever finishes last win with identical bytes.
  std::array<unsigned char, 8> salt{};
  randombytes_buf(salt.data(), salt.size());
  std::string tmp = path.string() + "." + std::to_string(salt[0] * 256 + salt[1]) +
                    std::to_string(salt[2] * 256 + salt[3]) + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return base::Fail(base::Code::kUnavailable, "cannot write " + tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return base::Fail(err == ENOSPC ? base::Code::kStorageFull : base::Code::kUnavailable,
                        err == ENOSPC ? "the disk is full" : "writing the photo failed");
    }
    done += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return base::Fail(base::Code::kUnavailable, "cannot store the photo durably");
  }
  // The new name, and a newly made shard directory, are durable only once their parents are.
  for (const auto& d : {path.parent_path(), path.parent_path().parent_path()}) {
    int dir = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
  }
  return base::Ok();
}

}  // namespace

std::string FileAttachmentStore::PathOf(const std::string& id) const {
  return dir_ + "/" + id.substr(0, 2) + "/" + id;
}

base::Result<cases::Attachment> FileAttachmentStore::Put(std::string_view bytes,
                                                         const std::string& content_type,
                                                         int64_t uploaded_by, base::TimeMs now) {
  if (sodium_init() < 0) return base::Internal("libsodium failed to start");
  cases::Attachment a;
  a.id = Digest(bytes);
  a.content_type = content_type;
  a.size = static_cast<int64_t>(bytes.size());
  a.uploaded_by = uploaded_by;
  a.created_at = now;
  auto existing = Find(a.id);
  if (!existing) return tl::unexpected(existing.error());
  if (!*existing) {
    if (auto st = WriteDurably(PathOf(a.id), bytes); !st) return tl::unexpected(st.error());
  }
  auto saved = db_.With<void>(true, [&](Db& db) {
    Stmt s(db,
           "INSERT INTO attachments (id, content_type, size, uploaded_by, created_at) "
           "VALUES (?,?,?,?,?) ON CONFLICT (id) DO NOTHING");
    s.Bind(1, a.id).Bind(2, a.content_type).Bind(3, a.size).Bind(4, a.uploaded_by);
    s.Bind(5, a.created_at).Run();
    Stmt u(db,
           "INSERT INTO attachment_uploads (attachment_id, user_id, uploaded_at) "
           "VALUES (?,?,?) ON CONFLICT (attachment_id, user_id) DO NOTHING");
    u.Bind(1, a.id).Bind(2, a.uploaded_by).Bind(3, a.created_at).Run();
  });
  if (!saved) return tl::unexpected(saved.error());
  return a;
}

base::Result<std::optional<cases::Attachment>> FileAttachmentStore::Find(const std::string& id) {
  if (!IsHexId(id)) return std::optional<cases::Attachment>();
  return db_.With<std::optional<cases::Attachment>>(false, [&](Db& db) {
    Stmt s(db,
           "SELECT id, content_type, size, uploaded_by, created_at FROM attachments WHERE id = ?");
    s.Bind(1, id);
    std::optional<cases::Attachment> out;
    if (s.Step()) out = cases::Attachment{s.Text(0), s.Text(1), s.Int(2), s.Int(3), s.Int(4)};
    return out;
  });
}

base::Result<bool> FileAttachmentStore::UploadedBy(const std::string& id, int64_t user_id) {
  return db_.With<bool>(false, [&](Db& db) {
    Stmt s(db, "SELECT 1 FROM attachment_uploads WHERE attachment_id = ? AND user_id = ?");
    s.Bind(1, id).Bind(2, user_id);
    return s.Step();
  });
}

base::Result<std::string> FileAttachmentStore::ReadBytes(const std::string& id) {
  if (!IsHexId(id)) return base::NotFound("no attachment " + id);
  std::ifstream in(PathOf(id), std::ios::binary);
  if (!in) return base::NotFound("the photo file of " + id + " is missing");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace civicgrid::storage::sql
