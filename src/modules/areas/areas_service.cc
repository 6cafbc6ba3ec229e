#include "modules/areas/areas_service.h"

#include <map>
#include <set>

#include "modules/areas/area_code.h"

namespace civicgrid::areas {
namespace {

constexpr size_t kMaxNameBytes = 200;

base::Status RequireAuthenticated(const access::Actor& actor) {
  if (actor.user_id == 0 && actor.role != access::Role::kSystem) {
    return base::Unauthenticated("log in first");
  }
  return base::Ok();
}

}  // namespace

base::Status AreasService::Reload() { return RebuildIndex(); }

base::Status AreasService::RebuildIndex() const {
  auto version = repo_.AreasVersion();
  if (!version) return tl::unexpected(version.error());
  auto index = std::make_shared<Snapshot>();
  for (AreaLevel level :
       {AreaLevel::kDistrict, AreaLevel::kStreet, AreaLevel::kCommunity, AreaLevel::kGrid}) {
    auto areas = repo_.AreasAtLevel(level);
    if (!areas) return tl::unexpected(areas.error());
    for (auto& area : *areas) {
      geo::MultiPolygon boundary = std::move(area.boundary);
      area.boundary.clear();
      if (level == AreaLevel::kGrid && !boundary.empty()) {
        index->index.Add(area.code, std::move(boundary));
      }
      std::string code = area.code;
      index->areas.emplace(std::move(code), std::move(area));
    }
  }
  std::lock_guard lock(mu_);
  index_ = std::move(index);
  index_version_ = *version;
  return base::Ok();
}

base::Result<Located> AreasService::Locate(const access::Actor& actor, geo::Point p) const {
  if (auto st = RequireAuthenticated(actor); !st) return tl::unexpected(st.error());
  const auto now = std::chrono::steady_clock::now();
  bool check = false;
  {
    std::lock_guard lock(mu_);
    check = !index_ || now - checked_at_ >= std::chrono::seconds(1);
  }
  if (check) {
    auto version = repo_.AreasVersion();
    if (!version) return tl::unexpected(version.error());
    bool stale = false;
    {
      std::lock_guard lock(mu_);
      stale = *version != index_version_;
      checked_at_ = now;
    }
    if (stale) {
      if (auto st = RebuildIndex(); !st) return tl::unexpected(st.error());
    }
  }
  std::shared_ptr<const Snapshot> index;
  {
    std::lock_guard lock(mu_);
    index = index_;
  }
  std::optional<std::string> code;
  if (index) code = index->index.Locate(p);
  if (!code) return base::NotFound("the point lies outside every grid of this deployment");
  Located out;
  const std::pair<AreaLevel, Area*> chain[] = {{AreaLevel::kGrid, &out.grid},
                                               {AreaLevel::kCommunity, &out.community},
                                               {AreaLevel::kStreet, &out.street},
                                               {AreaLevel::kDistrict, &out.district}};
  for (const auto& [level, slot] : chain) {
    auto ancestor_code = AncestorAt(*code, level);
    if (!ancestor_code) return base::Internal("malformed grid code in the index: " + *code);
    auto area = index->areas.find(*ancestor_code);
    if (area == index->areas.end()) {
      return base::Internal("area " + *ancestor_code + " is missing above grid " + *code);
    }
    *slot = area->second;
  }
  return out;
}

base::Result<Area> AreasService::Get(const access::Actor& actor, const std::string& code) const {
  if (auto st = RequireAuthenticated(actor); !st) return tl::unexpected(st.error());
  auto area = repo_.GetArea(code);
  if (!area) return tl::unexpected(area.error());
  if (!*area) return base::NotFound("no area has code " + code);
  return std::move(**area);
}

base::Result<std::vector<Area>> AreasService::Children(const access::Actor& actor,
                                                       const std::string& code) const {
  if (auto area = Get(actor, code); !area) return tl::unexpected(area.error());
  return repo_.ChildAreas(code);
}

base::Result<std::vector<Area>> AreasService::Within(const access::Actor& actor,
                                                     const std::string& code,
                                                     AreaLevel level) const {
  auto area = Get(actor, code);
  if (!area) return tl::unexpected(area.error());
  if (static_cast<int>(level) < static_cast<int>(area->level)) {
    return base::InvalidArgument("level", "must be below the area's own level");
  }
  return repo_.AreasWithin(code, level);
}

base::Status AreasService::MayImport(const access::Actor& actor) const {
  if (actor.role != access::Role::kAdmin && actor.role != access::Role::kSystem) {
    return base::PermissionDenied("only an administrator may import areas");
  }
  return base::Ok();
}

base::Result<ImportSummary> AreasService::Import(const access::Actor& actor,
                                                 std::vector<AreaImportRow> rows,
                                                 std::map<std::string, std::string> parse_errors) {
  if (auto st = MayImport(actor); !st) return tl::unexpected(st.error());
  if (rows.empty() && parse_errors.empty()) {
    return base::InvalidArgument("file", "no area rows to import");
  }
  std::map<std::string, std::string> errors = std::move(parse_errors);
  std::set<std::string> incoming;
  for (const auto& row : rows) incoming.insert(row.area.code);
  std::set<std::string> seen;
  for (const auto& row : rows) {
    const Area& a = row.area;
    std::string key = "line " + std::to_string(row.line);
    auto level = LevelOfCode(a.code);
    if (!level) {
      errors[key] = "code: '" + a.code + "' is not a 12-digit area code or 15-digit grid code";
      continue;
    }
    if (*level != a.level) {
      errors[key] = std::string("level: code ") + a.code + " denotes a " + LevelName(*level) +
                    ", not a " + LevelName(a.level);
      continue;
    }
    if (a.name.empty() || a.name.size() > kMaxNameBytes) {
      errors[key] = "name: required, at most 200 bytes";
      continue;
    }
    if (!seen.insert(a.code).second) {
      errors[key] = "code: " + a.code + " appears more than once in the file";
      continue;
    }
    if (a.level == AreaLevel::kDistrict) continue;  // its parent (a city) is not stored
    auto expected_parent =
        AncestorAt(a.code, static_cast<AreaLevel>(static_cast<int>(a.level) - 1));
    if (a.parent_code != *expected_parent) {
      errors[key] = "parent_code: must be " + *expected_parent + " for code " + a.code;
      continue;
    }
    if (incoming.count(a.parent_code) == 0) {
      auto parent = repo_.GetArea(a.parent_code);
      if (!parent) return tl::unexpected(parent.error());
      if (!*parent) errors[key] = "parent_code: no area has code " + a.parent_code;
    }
  }
  if (!errors.empty()) return base::RejectedRows(std::move(errors));
  std::vector<Area> areas;
  areas.reserve(rows.size());
  for (auto& row : rows) areas.push_back(std::move(row.area));
  if (auto st = repo_.UpsertAreas(areas); !st) return tl::unexpected(st.error());
  if (auto st = Reload(); !st) return tl::unexpected(st.error());
  return ImportSummary{static_cast<int>(areas.size())};
}

}  // namespace civicgrid::areas
